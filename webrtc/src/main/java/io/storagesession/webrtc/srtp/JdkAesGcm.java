package io.storagesession.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link AesGcm} on the JDK's {@code AES/GCM/NoPadding}: the fallback when OpenSSL is not usable
 * ({@link OpenSslAccess}); it allocates per packet (about 2 KB: the in-place {@code doFinal} copies). The JDK refuses to seal twice in a row under the same IV, which
 * an SFU does on purpose when it resends a packet unchanged (same plaintext, same IV, same ciphertext: nothing leaks),
 * so a repeated IV is preceded by a throw-away initialisation under another one.
 */
final class JdkAesGcm implements AesGcm {
    private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final boolean seal;
    private final byte[] lastIv = new byte[IV_LENGTH];
    private boolean sealedBefore;

    JdkAesGcm(byte[] sessionKey, boolean seal) {
        this.key = new SecretKeySpec(sessionKey, "AES");
        this.seal = seal;
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM", e);
        }
    }

    @Override
    public void begin(byte[] iv) {
        try {
            if (seal) {
                if (sealedBefore && Arrays.equals(iv, 0, IV_LENGTH, lastIv, 0, IV_LENGTH)) {
                    byte[] other = lastIv.clone();
                    other[0] ^= 1;
                    init(other);
                }
                System.arraycopy(iv, 0, lastIv, 0, IV_LENGTH);
                sealedBefore = true;
            }
            init(iv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM init failed", e);
        }
    }

    private void init(byte[] iv) throws InvalidKeyException, InvalidAlgorithmParameterException {
        cipher.init(seal ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv, 0,
                IV_LENGTH));
    }

    @Override
    public void aad(byte[] buf, int off, int len) {
        cipher.updateAAD(buf, off, len);
    }

    @Override
    public boolean finish(byte[] buf, int off, int len) {
        try {
            cipher.doFinal(buf, off, seal ? len : len + TAG_LENGTH, buf, off);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM failed", e);
        }
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
