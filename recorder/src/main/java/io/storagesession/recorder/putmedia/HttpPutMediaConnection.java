package io.storagesession.recorder.putmedia;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PutMedia connection over chunked HTTP/1.1 (KVS-WIRE.md §4): the body is the request's, the acknowledgements are
 * the 200 response's body, parsed by an {@link AckParser}. Each write is copied into a buffer of its own, since Netty
 * holds it until it is on the wire, and by then the fragment may have been given up and its chunks given back to the
 * {@link ChunkPool} for another fragment (the in-process connection needs no copy: the store has read the bytes when
 * a write returns); a fragment's chunks go into one buffer, one HTTP chunk as before. The acknowledgements parsed from
 * JSON are objects ({@link AckEvent}): this path is for Kinesis Video Streams, the local store is in-process.
 */
final class HttpPutMediaConnection extends PutMediaConnection {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPutMediaConnection.class);
    private static final int HTTP_OK = 200;

    private final HttpClientRequest request;
    private final AckParser parser;

    HttpPutMediaConnection(long id, HttpClientRequest request, AckParser parser, PutMediaMetrics metrics,
                           Listener listener) {
        super(id, metrics, listener);
        this.request = request;
        this.parser = parser;
        request.setChunked(true);
        request.exceptionHandler(e -> end("request failed: " + e, true));
        request.connection().closeHandler(v -> end("connection closed", true));
        request.response().onSuccess(this::response).onFailure(e -> end("no response: " + e, true));
    }

    private void response(HttpClientResponse response) {
        if (response.statusCode() != HTTP_OK) {
            end(refusal(response.statusCode(), response.getHeader("x-amzn-ErrorType")), true);
            return;
        }
        metrics.connected();
        response.exceptionHandler(e -> end("response failed: " + e, true));
        // After the body ended (rotation, close) the service ending the response is the expected end.
        response.endHandler(v -> end(SERVICE_ENDED, !bodyEnded()));
        response.handler(this::ackBytes);
    }

    private void ackBytes(Buffer chunk) {
        if (isEnded()) {
            return;
        }
        long garbageBefore = parser.garbage();
        List<AckEvent> events = parser.feed(chunk);
        long garbage = parser.garbage() - garbageBefore;
        if (garbage > 0) {
            metrics.garbage(garbage);
            LOG.warn("PutMedia connection {}: {} unreadable item(s) in the acknowledgement stream", id, garbage);
        }
        if (!events.isEmpty()) {
            deliver(events);
        }
    }

    @Override
    void send(byte[] bytes, int length) {
        request.write(Buffer.buffer(length).appendBytes(bytes, 0, length));
    }

    @Override
    void send(FragmentBytes fragment) {
        Buffer buffer = Buffer.buffer(fragment.length());
        for (int i = 0; i < fragment.chunkCount(); i++) {
            buffer.appendBytes(fragment.chunk(i), 0, fragment.chunkLength(i));
        }
        request.write(buffer);
    }

    @Override
    boolean writeQueueFull() {
        return request.writeQueueFull();
    }

    @Override
    void onDrain(Runnable action) {
        request.drainHandler(v -> action.run());
    }

    @Override
    void finishBody() {
        request.end();
    }

    @Override
    void disconnect() {
        request.connection().close();
    }
}
