package io.storagesession.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link AesCtr} on the JDK's {@code AES/CTR/NoPadding}: the fallback when OpenSSL is not usable
 * ({@link OpenSslAccess}). Correct and intrinsified, but
 * {@code Cipher.init} and the in-place {@code doFinal} allocate on every packet (about 2 KB a packet with the HMAC).
 */
final class JdkAesCtr implements AesCtr {
    private final Cipher cipher;
    private final SecretKeySpec key;

    JdkAesCtr(byte[] sessionKey) {
        key = new SecretKeySpec(sessionKey, "AES");
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/CTR", e);
        }
    }

    @Override
    public void apply(byte[] iv, byte[] buf, int off, int len) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv, 0, IV_LENGTH));
            cipher.doFinal(buf, off, len, buf, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed", e);
        }
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
