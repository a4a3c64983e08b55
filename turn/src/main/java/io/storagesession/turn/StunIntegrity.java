package io.storagesession.turn;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MESSAGE-INTEGRITY's HMAC-SHA1 (RFC 8489 §14.5, HMAC as RFC 2104 defines it) keyed once with a short-term password
 * (RFC 8489 §9.1.2), computed into the caller's array. The JCA {@code Mac} returns a new array from every
 * {@code doFinal} (and makes another inside), which an ICE agent pays for every check it signs or verifies for as
 * long as a participant stays (a consent check each way every few seconds, RFC 7675); here a message costs no
 * object: the padded key blocks are made once, and SHA-1 digests into arrays this instance keeps.
 *
 * <p>Not thread-safe: one per owner thread, like the ICE agent that holds it.
 */
public final class StunIntegrity {
    /** SHA-1's block size (RFC 2104 §2: B = 64). */
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[Stun.MESSAGE_INTEGRITY_LENGTH];
    private final byte[] result = new byte[Stun.MESSAGE_INTEGRITY_LENGTH];

    private StunIntegrity(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JVM", e);
        }
        // RFC 2104 §2: a key longer than the block is hashed first; a shorter one is padded with zeros.
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ IPAD);
            outerPad[i] = (byte) (b ^ OPAD);
        }
    }

    /** An HMAC-SHA1 keyed with {@code key} (the short-term password's bytes). */
    public static StunIntegrity of(byte[] key) {
        return new StunIntegrity(key);
    }

    /** Writes HMAC-SHA1(key, {@code data[off, off + len)}) at {@code out[outOff]}, 20 bytes. */
    public void mac(byte[] data, int off, int len, byte[] out, int outOff) {
        try {
            sha1.update(innerPad);
            sha1.update(data, off, len);
            sha1.digest(inner, 0, inner.length);
            sha1.update(outerPad);
            sha1.update(inner);
            sha1.digest(out, outOff, Stun.MESSAGE_INTEGRITY_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 refused a 20-byte output", e);
        }
    }

    /**
     * Whether the 20 bytes at {@code expected[expectedOff]} are HMAC-SHA1(key, {@code data[off, off + len)}), compared
     * in constant time.
     */
    public boolean verify(byte[] data, int off, int len, byte[] expected, int expectedOff) {
        mac(data, off, len, result, 0);
        int diff = 0;
        for (int i = 0; i < result.length; i++) {
            diff |= result[i] ^ expected[expectedOff + i];
        }
        return diff == 0;
    }
}
