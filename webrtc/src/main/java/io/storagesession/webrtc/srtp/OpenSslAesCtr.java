package io.storagesession.webrtc.srtp;

import java.security.Key;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.crypto.OpenSslAesCipherSpi;

/** {@link AesCtr} on OpenSSL's {@code EVP_aes_128_ctr}, allocation-free per packet (see {@link OpenSslAccess}). */
final class OpenSslAesCtr implements AesCtr {
    private final OpenSslAesCipherSpi spi = OpenSslAccess.newCtr();
    private final Key key;
    private final byte[] iv = new byte[IV_LENGTH];

    OpenSslAesCtr(byte[] sessionKey) {
        key = new SecretKeySpec(sessionKey, "AES");
        try {
            OpenSslAccess.ENGINE_INIT.invokeExact(spi, Cipher.ENCRYPT_MODE, key,
                    (java.security.spec.AlgorithmParameterSpec) new IvParameterSpec(iv),
                    (java.security.SecureRandom) null);
            OpenSslAccess.IV.set(spi, iv);
        } catch (Throwable t) {
            spi.close();
            throw OpenSslAccess.failure("CTR init", t);
        }
    }

    @Override
    public void apply(byte[] counter, byte[] buf, int off, int len) {
        System.arraycopy(counter, 0, iv, 0, IV_LENGTH);
        try {
            OpenSslAccess.REINIT.invokeExact(spi, Cipher.ENCRYPT_MODE, key);
            if (len > 0) {
                OpenSslAccess.UPDATE.invokeExact(spi, buf, off, len, buf, off);
            }
        } catch (Throwable t) {
            throw OpenSslAccess.failure("CTR", t);
        }
    }

    @Override
    public void close() {
        spi.close();
    }
}
