package io.storagesession.mediastore.images;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.TokenSeal;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * GetImages' {@code NextToken}: where the next page starts (the index of its first sample), bound to the request it
 * continues (stream, selector, range and interval), followed by an HMAC-SHA256 (RFC 2104) under the server's key, in
 * standard base64 (RFC 4648 §4) as the AWS model's NextToken pattern wants it. The model calls the token encrypted;
 * it only needs to be unforgeable: the MAC is checked in constant time before a field is read, and a token that is not
 * ours, was altered, or continues another request is refused with InvalidArgumentException (400).
 */
final class ImagesPageToken {
    private static final byte FORMAT_VERSION = 1;

    private final TokenSeal seal;

    /** A token signer under {@code key} (at least {@link TokenSeal#KEY_BYTES}), or a random key when it is empty. */
    ImagesPageToken(byte[] key) {
        this.seal = new TokenSeal(key.length == 0 ? TokenSeal.randomKey() : key);
    }

    /** The token of the page that starts at sample {@code nextSample} of {@code request} on stream {@code arn}. */
    String issue(String arn, ImagesRequest request, int nextSample) {
        byte[] payload = payload(arn, request, nextSample);
        return Base64.getEncoder().encodeToString(seal.seal(payload, payload.length));
    }

    /**
     * The first sample of the page {@code token} asks for.
     *
     * @throws ApiException InvalidArgumentException for a token that is not ours, altered, or of another request
     */
    int verify(String token, String arn, ImagesRequest request) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        byte[] payload = seal.open(raw);
        if (payload == null) {
            throw refused();
        }
        int next;
        try {
            next = ByteBuffer.wrap(payload, payload.length - Integer.BYTES, Integer.BYTES).getInt();
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw refused();
        }
        // The same request and position must give the very same payload: any other field differs somewhere.
        if (next < 1 || next >= request.sampleCount() || !Arrays.equals(payload, payload(arn, request, next))) {
            throw refused();
        }
        return next;
    }

    private static byte[] payload(String arn, ImagesRequest request, int nextSample) {
        byte[] stream = arn.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + Integer.BYTES + stream.length + 1 + 2 * Long.BYTES + 2 * Integer.BYTES)
                .put(FORMAT_VERSION).putInt(stream.length).put(stream).put((byte) request.kind().ordinal())
                .putLong(request.startMillis()).putLong(request.endMillis()).putInt(request.intervalMillis())
                .putInt(nextSample).array();
    }

    private static ApiException refused() {
        return ApiException.invalidArgument("NextToken is not one this server returned for this request");
    }
}
