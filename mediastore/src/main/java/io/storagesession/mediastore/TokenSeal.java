package io.storagesession.mediastore;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What makes the store's opaque tokens (HLS and DASH session tokens, GetImages' NextToken) unforgeable: a payload
 * followed by its HMAC-SHA256 (RFC 2104) under the server's key. {@link #open} recomputes the MAC and compares it in
 * constant time before the caller reads a single field of the payload. The tokens' own classes choose the payload and
 * the text encoding, and how a refused token is answered.
 */
public final class TokenSeal {
    private static final String ALGORITHM = "HmacSHA256";
    /** HMAC-SHA256's output. */
    public static final int MAC_BYTES = 32;
    /** 256-bit keys: RFC 2104 §3 recommends at least the hash output's length. */
    public static final int KEY_BYTES = 32;

    private final SecretKeySpec key;

    /** @param key at least {@link #KEY_BYTES} bytes */
    public TokenSeal(byte[] key) {
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("a token key needs at least " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A key for tokens that need not outlive the process. */
    public static byte[] randomKey() {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        return k;
    }

    /** {@code payload[0, length)} followed by its MAC. */
    public byte[] seal(byte[] payload, int length) {
        byte[] sealed = Arrays.copyOf(payload, length + MAC_BYTES);
        System.arraycopy(mac(payload, length), 0, sealed, length, MAC_BYTES);
        return sealed;
    }

    /** The payload of a sealed token, or null when it is too short or its MAC is not this key's. */
    public byte[] open(byte[] sealed) {
        if (sealed.length <= MAC_BYTES) {
            return null;
        }
        int length = sealed.length - MAC_BYTES;
        if (!MessageDigest.isEqual(mac(sealed, length), Arrays.copyOfRange(sealed, length, sealed.length))) {
            return null;
        }
        return Arrays.copyOf(sealed, length);
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java 17 runtime", e);
        }
    }
}
