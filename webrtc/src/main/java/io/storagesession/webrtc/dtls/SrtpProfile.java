package io.storagesession.webrtc.dtls;

import java.util.Optional;

/**
 * The SRTP protection profiles this server negotiates in the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2), with
 * the key sizes that decide how the exported keying material is cut (RFC 5764 §4.2) and how the SRTP contexts are
 * built. Both are the profiles libwebrtc offers by default; the 256-bit GCM and the 32-bit-tag profiles are left out
 * because nothing we talk to needs them and every extra profile is one more path to test.
 */
public enum SrtpProfile {
    /** RFC 5764 §4.1.2 {@code SRTP_AES128_CM_HMAC_SHA1_80}: AES counter mode, HMAC-SHA1 tag cut to 80 bits. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 20, 10),
    /** RFC 7714 §14.2 {@code SRTP_AEAD_AES_128_GCM}: AES-GCM, its own 128-bit tag, no separate auth key. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 0, 16);

    private final int protectionProfileId;
    private final int keyLength;
    private final int saltLength;
    private final int authKeyLength;
    private final int authTagLength;

    SrtpProfile(int protectionProfileId, int keyLength, int saltLength, int authKeyLength, int authTagLength) {
        this.protectionProfileId = protectionProfileId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.authKeyLength = authKeyLength;
        this.authTagLength = authTagLength;
    }

    /** The two-byte {@code SRTPProtectionProfile} value carried in {@code use_srtp}. */
    public int protectionProfileId() {
        return protectionProfileId;
    }

    /** Master key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Session authentication key length in bytes (HMAC-SHA1 key; zero for AEAD profiles). */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** Bytes the authentication tag adds to each SRTP packet (and, with the 4-byte index, to each SRTCP packet). */
    public int authTagLength() {
        return authTagLength;
    }

    /** RFC 5764 §4.2: two keys and two salts, one of each per direction. */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with this {@code use_srtp} value, if it is one we support. */
    public static Optional<SrtpProfile> byId(int protectionProfileId) {
        for (SrtpProfile profile : values()) {
            if (profile.protectionProfileId == protectionProfileId) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
