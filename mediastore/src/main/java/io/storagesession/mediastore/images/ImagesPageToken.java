package io.storagesession.mediastore.images;

import io.storagesession.api.http.ApiException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GetImages' {@code NextToken}: where the next page starts (the index of its first sample), bound to the request it
 * continues (stream, selector, range and interval), followed by an HMAC-SHA256 (RFC 2104) under the server's key, in
 * standard base64 (RFC 4648 §4) as the AWS model's NextToken pattern wants it. The model calls the token encrypted;
 * it only needs to be unforgeable: the MAC is checked in constant time before a field is read, and a token that is not
 * ours, was altered, or continues another request is refused with InvalidArgumentException (400).
 */
final class ImagesPageToken {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    /** At least HMAC-SHA256's output size (RFC 2104 §3). */
    static final int KEY_BYTES = 32;
    private static final byte FORMAT_VERSION = 1;

    private final SecretKeySpec key;

    /** A token signer under {@code key}, or a random key when it is empty. */
    ImagesPageToken(byte[] key) {
        byte[] k = key.length == 0 ? randomKey() : key.clone();
        if (k.length < KEY_BYTES) {
            throw new IllegalArgumentException("the NextToken key needs at least " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(k, ALGORITHM);
    }

    private static byte[] randomKey() {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        return k;
    }

    /** The token of the page that starts at sample {@code nextSample} of {@code request} on stream {@code arn}. */
    String issue(String arn, ImagesRequest request, int nextSample) {
        byte[] payload = payload(arn, request, nextSample);
        ByteBuffer out = ByteBuffer.allocate(payload.length + MAC_BYTES).put(payload).put(mac(payload));
        return Base64.getEncoder().encodeToString(out.array());
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
        if (raw.length <= MAC_BYTES) {
            throw refused();
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - MAC_BYTES);
        if (!MessageDigest.isEqual(mac(payload), Arrays.copyOfRange(raw, payload.length, raw.length))) {
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

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static ApiException refused() {
        return ApiException.invalidArgument("NextToken is not one this server returned for this request");
    }
}
