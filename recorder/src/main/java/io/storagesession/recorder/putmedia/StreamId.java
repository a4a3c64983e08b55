package io.storagesession.recorder.putmedia;

import java.util.Objects;

/**
 * The stream an upload goes to, named as PutMedia and GetDataEndpoint accept it: by name or by ARN (KVS-WIRE.md §1,
 * §4), never both.
 */
public record StreamId(String name, String arn) {
    public StreamId {
        if ((name == null) == (arn == null) || Objects.requireNonNullElse(name, arn).isBlank()) {
            throw new IllegalArgumentException("a stream is named by exactly one of name or ARN");
        }
    }

    public static StreamId ofName(String name) {
        return new StreamId(name, null);
    }

    public static StreamId ofArn(String arn) {
        return new StreamId(null, arn);
    }

    /** The PutMedia header naming the stream (KVS-WIRE.md §4). */
    String headerName() {
        return name != null ? "x-amzn-stream-name" : "x-amzn-stream-arn";
    }

    String headerValue() {
        return name != null ? name : arn;
    }

    @Override
    public String toString() {
        return headerValue();
    }
}
