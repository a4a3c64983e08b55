package io.storagesession.webrtc.srtp;

import io.storagesession.webrtc.dtls.SrtpProfile;

/**
 * The cryptographic half of SRTP/SRTCP for one direction and one protocol, under session keys derived once
 * ({@link KeyDerivation}): it builds the per-packet IV, encrypts or decrypts and writes or checks the tag. Which index a
 * packet has, and whether it was seen before, is {@link SrtpStream}'s business; {@link SrtpSession} joins the two.
 * Every method works in place on {@code buf[off, off + len)}, which must have room for the trailer when protecting.
 */
abstract class SrtpTransform implements AutoCloseable {
    /** The SRTCP E flag (RFC 3711 §3.4): set when the packet is encrypted, which ours always are. */
    static final int ENCRYPTED_FLAG = 0x8000_0000;
    /** Length of the E flag and SRTCP index word. */
    static final int SRTCP_INDEX_LENGTH = 4;
    /** RFC 3550 §6.4.1: the RTCP header and sender SSRC, which SRTCP leaves in the clear. */
    static final int RTCP_CLEAR_LENGTH = 8;

    /** Bytes an SRTP packet gains: its tag. */
    abstract int rtpTrailer();

    /** Bytes an SRTCP packet gains: its tag and the E flag and index. */
    final int rtcpTrailer() {
        return rtpTrailer() + SRTCP_INDEX_LENGTH;
    }

    /** How far before the end of an SRTCP packet its E flag and index start; the profiles order the trailer apart. */
    abstract int rtcpIndexFromEnd();

    /** Encrypts and authenticates an RTP packet whose header is {@code headerLength} long; returns the new length. */
    abstract int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Checks and decrypts an SRTP packet; returns the RTP length, or -1 if the tag does not verify. */
    abstract int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index);

    /** Encrypts an RTCP packet and appends the SRTCP index (with the E flag) and tag; returns the new length. */
    abstract int protectRtcp(byte[] buf, int off, int len, int ssrc, int index);

    /**
     * Checks an SRTCP packet and, if its E flag says so, decrypts it; returns the RTCP length, or -1 if the tag does
     * not verify.
     */
    abstract int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int flaggedIndex);

    @Override
    public abstract void close();

    /**
     * The transform for this profile under one master key and salt.
     *
     * @param rtcp    SRTCP rather than SRTP keys (RFC 3711 §4.3.2 labels)
     * @param sending whether it protects (our key) or unprotects (the peer's)
     * @param openSsl whether to use OpenSSL's AES ({@link OpenSslAccess}) rather than the JDK's
     */
    static SrtpTransform create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean rtcp,
                                boolean sending, boolean openSsl) {
        KeyDerivation kdf = new KeyDerivation(masterKey, masterSalt);
        byte[] key = kdf.derive(rtcp ? KeyDerivation.RTCP_ENCRYPTION : KeyDerivation.RTP_ENCRYPTION,
                profile.keyLength());
        byte[] salt = kdf.derive(rtcp ? KeyDerivation.RTCP_SALT : KeyDerivation.RTP_SALT, profile.saltLength());
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> new AesCmTransform(
                    openSsl ? new OpenSslAesCtr(key) : new JdkAesCtr(key), salt,
                    kdf.derive(rtcp ? KeyDerivation.RTCP_AUTHENTICATION : KeyDerivation.RTP_AUTHENTICATION,
                            profile.authKeyLength()), profile.authTagLength());
            case AEAD_AES_128_GCM -> new GcmTransform(
                    openSsl ? new OpenSslAesGcm(key, sending) : new JdkAesGcm(key, sending), salt);
        };
    }

    /** XORs a big-endian int into four bytes. */
    static void xorInt(byte[] b, int at, int value) {
        b[at] ^= (byte) (value >>> 24);
        b[at + 1] ^= (byte) (value >>> 16);
        b[at + 2] ^= (byte) (value >>> 8);
        b[at + 3] ^= (byte) value;
    }

    static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }
}
