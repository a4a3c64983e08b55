package io.storagesession.webrtc.srtp;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1, for SRTP's authentication tag (RFC 3711 §4.2.1). {@code javax.crypto.Mac}
 * returns a new array from every {@code doFinal}; a {@link MessageDigest} digests into ours, and the JDK compiles
 * SHA-1 to the CPU's SHA extensions where it has them. One instance per session key; not thread-safe.
 */
final class HmacSha1 {
    /** SHA-1's block and output sizes (FIPS 180-4). */
    static final int BLOCK = 64;
    static final int LENGTH = 20;
    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5C;
    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] result = new byte[LENGTH];

    /** @param key at most one block; SRTP's session authentication key is 160 bits */
    HmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key of " + key.length + " bytes is longer than a block");
        }
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        Arrays.fill(innerPad, INNER_PAD);
        Arrays.fill(outerPad, OUTER_PAD);
        for (int i = 0; i < key.length; i++) {
            innerPad[i] ^= key[i];
            outerPad[i] ^= key[i];
        }
    }

    /** Starts a new MAC. */
    void start() {
        sha1.reset();
        sha1.update(innerPad);
    }

    void update(byte[] buf, int off, int len) {
        sha1.update(buf, off, len);
    }

    /** Ends the MAC; the result is in {@link #result()} until the next call. */
    void finish() {
        try {
            sha1.digest(result, 0, LENGTH);
            sha1.update(outerPad);
            sha1.update(result);
            sha1.digest(result, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 refused a 20-byte output", e);
        }
    }

    /** The last MAC; read, do not keep. */
    byte[] result() {
        return result;
    }

    /** Whether the first {@code len} bytes of the last MAC equal {@code buf[off, off + len)}, in constant time. */
    boolean matches(byte[] buf, int off, int len) {
        int difference = 0;
        for (int i = 0; i < len; i++) {
            difference |= result[i] ^ buf[off + i];
        }
        return difference == 0;
    }
}
