package io.storagesession.webrtc.srtp;

import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.crypto.OpenSslAesGcmCipherSpi;

/**
 * {@link AesGcm} on OpenSSL's {@code EVP_aes_128_gcm}, allocation-free per packet (see {@link OpenSslAccess}). The tag
 * is set and checked through the context directly, so a forged packet costs a {@code false}, not an exception.
 */
final class OpenSslAesGcm implements AesGcm {
    private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;
    private final OpenSslAesGcmCipherSpi spi = OpenSslAccess.newGcm();
    private final Key key;
    private final byte[] iv = new byte[IV_LENGTH];
    private final boolean seal;
    private final int mode;
    private final long context;

    OpenSslAesGcm(byte[] sessionKey, boolean seal) {
        this.key = new SecretKeySpec(sessionKey, "AES");
        this.seal = seal;
        this.mode = seal ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        try {
            OpenSslAccess.ENGINE_INIT.invokeExact((org.jitsi.srtp.crypto.OpenSslAesCipherSpi) spi, mode, key,
                    (AlgorithmParameterSpec) new GCMParameterSpec(TAG_BITS, iv), (SecureRandom) null);
            OpenSslAccess.IV.set((org.jitsi.srtp.crypto.OpenSslAesCipherSpi) spi, iv);
            context = OpenSslAccess.pointer(spi);
        } catch (Throwable t) {
            spi.close();
            throw OpenSslAccess.failure("GCM init", t);
        }
    }

    @Override
    public void begin(byte[] packetIv) {
        System.arraycopy(packetIv, 0, iv, 0, IV_LENGTH);
        try {
            OpenSslAccess.REINIT.invokeExact((org.jitsi.srtp.crypto.OpenSslAesCipherSpi) spi, mode, key);
        } catch (Throwable t) {
            throw OpenSslAccess.failure("GCM init", t);
        }
    }

    @Override
    public void aad(byte[] buf, int off, int len) {
        if (len > 0) {
            update(buf, off, len, null, 0);
        }
    }

    @Override
    public boolean finish(byte[] buf, int off, int len) {
        if (len > 0) {
            update(buf, off, len, buf, off);
        }
        try {
            if (seal) {
                if (!(boolean) OpenSslAccess.GCM_FINAL.invokeExact(spi, context, buf, off + len)
                        || !(boolean) OpenSslAccess.GCM_GET_TAG.invokeExact(spi, context, buf, off + len,
                                TAG_LENGTH)) {
                    throw new IllegalStateException("OpenSSL GCM could not finish sealing");
                }
                return true;
            }
            if (!(boolean) OpenSslAccess.GCM_SET_TAG.invokeExact(spi, context, buf, off + len, TAG_LENGTH)) {
                throw new IllegalStateException("OpenSSL GCM refused the tag");
            }
            return (boolean) OpenSslAccess.GCM_FINAL.invokeExact(spi, context, buf, off + len);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw OpenSslAccess.failure("GCM final", t);
        }
    }

    private void update(byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            OpenSslAccess.UPDATE.invokeExact((org.jitsi.srtp.crypto.OpenSslAesCipherSpi) spi, in, inOff, len, out,
                    outOff);
        } catch (Throwable t) {
            throw OpenSslAccess.failure("GCM update", t);
        }
    }

    @Override
    public void close() {
        spi.close();
    }
}
