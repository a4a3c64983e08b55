package io.storagesession.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hashes STUN/TURN authentication uses (RFC 8489 §9.2; the TURN REST API's in {@link RestCredentials}). */
final class Crypto {
    /**
     * One HMAC-SHA1 per thread: {@code Mac.getInstance} walks the security providers on every call, which showed in
     * profiles of the relay and session threads (every ICE check and consent answer is signed and verified).
     */
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> mac("HmacSHA1"));
    /**
     * The same for the nonce's HMAC-SHA256 and the long-term key's MD5, which every unauthenticated or wrongly signed
     * request costs (a 401 carries a fresh nonce): a flood of them is answered at the price of the hashes alone.
     */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> mac("HmacSHA256"));
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is required by every JVM", e);
        }
    });

    private Crypto() {
    }

    private static Mac mac(String algorithm) {
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required by every JVM", e);
        }
    }

    static byte[] hmacSha1(byte[] key, byte[] data, int offset, int length) {
        try {
            Mac mac = HMAC_SHA1.get();
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every JVM", e);
        }
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    /** The long-term credential key: MD5(username ":" realm ":" password) (RFC 8489 §9.2.2). */
    static byte[] longTermKey(String username, String realm, String password) {
        return MD5.get().digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
