package io.storagesession.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTP's key derivation (RFC 3711 §4.3.1 with the AES-CM PRF of §4.3.3; RFC 7714 §11 keeps it for AES-GCM): each
 * session key is the AES-CM keystream under the master key, starting at the master salt XOR the label. The key
 * derivation rate is 0 (what DTLS-SRTP uses, RFC 5764 §4.1.2), so {@code r} is 0 and the session keys depend neither
 * on the packet index nor on the SSRC: one derivation per direction and protocol serves every stream.
 */
final class KeyDerivation {
    /** RFC 3711 §4.3.2: the labels for SRTP, then SRTCP, encryption key, authentication key and salt. */
    static final int RTP_ENCRYPTION = 0x00;
    static final int RTP_AUTHENTICATION = 0x01;
    static final int RTP_SALT = 0x02;
    static final int RTCP_ENCRYPTION = 0x03;
    static final int RTCP_AUTHENTICATION = 0x04;
    static final int RTCP_SALT = 0x05;
    /** The label is the top byte of the 56-bit key_id, which lines up with octet 7 of the 112-bit salt field. */
    private static final int LABEL_OCTET = 7;

    private final byte[] masterKey;
    private final byte[] masterSalt;

    KeyDerivation(byte[] masterKey, byte[] masterSalt) {
        this.masterKey = masterKey.clone();
        this.masterSalt = masterSalt.clone();
    }

    /** The session key, salt or authentication key with this label, {@code length} bytes long. */
    byte[] derive(int label, int length) {
        byte[] iv = new byte[AesCtr.IV_LENGTH];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[LABEL_OCTET] ^= (byte) label;
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(new byte[length]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CM key derivation failed", e);
        }
    }
}
