package io.storagesession.webrtc.srtp;

/**
 * {@code AEAD_AES_128_GCM} (RFC 7714): the IV is the 96-bit salt XOR {@code 00 00 || SSRC || ROC || SEQ} for SRTP
 * (§8.1) and {@code 00 00 || SSRC || 00 00 || 0 || SRTCP index} for SRTCP (§9.1); the associated data is the RTP
 * header (§8.2), or the first eight RTCP octets and the E flag with the index (§9.2, §9.3 when E is clear: the whole
 * packet). The 16-byte tag follows the ciphertext; in SRTCP the E flag and index follow the tag.
 */
final class GcmTransform extends SrtpTransform {
    private static final int IV_SSRC_AT = 2;
    private static final int IV_ROC_AT = 6;
    private static final int IV_SEQUENCE_AT = 10;
    private static final int IV_RTCP_INDEX_AT = 8;
    private final AesGcm gcm;
    private final byte[] salt;
    private final byte[] iv = new byte[AesGcm.IV_LENGTH];
    private final byte[] flaggedIndex = new byte[SRTCP_INDEX_LENGTH];

    GcmTransform(AesGcm gcm, byte[] salt) {
        this.gcm = gcm;
        this.salt = salt.clone();
    }

    @Override
    int rtpTrailer() {
        return AesGcm.TAG_LENGTH;
    }

    @Override
    int rtcpIndexFromEnd() {
        return SRTCP_INDEX_LENGTH;
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        gcm.begin(iv);
        gcm.aad(buf, off, headerLength);
        gcm.finish(buf, off + headerLength, len - headerLength);
        return len + AesGcm.TAG_LENGTH;
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        int end = len - AesGcm.TAG_LENGTH;
        rtpIv(ssrc, index);
        gcm.begin(iv);
        gcm.aad(buf, off, headerLength);
        return gcm.finish(buf, off + headerLength, end - headerLength) ? end : -1;
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        int flagged = ENCRYPTED_FLAG | index;
        writeInt(flaggedIndex, 0, flagged);
        rtcpIv(ssrc, index);
        gcm.begin(iv);
        gcm.aad(buf, off, RTCP_CLEAR_LENGTH);
        gcm.aad(flaggedIndex, 0, SRTCP_INDEX_LENGTH);
        gcm.finish(buf, off + RTCP_CLEAR_LENGTH, len - RTCP_CLEAR_LENGTH);
        writeInt(buf, off + len + AesGcm.TAG_LENGTH, flagged);
        return len + AesGcm.TAG_LENGTH + SRTCP_INDEX_LENGTH;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int flagged) {
        int end = len - AesGcm.TAG_LENGTH - SRTCP_INDEX_LENGTH;
        writeInt(flaggedIndex, 0, flagged);
        rtcpIv(ssrc, flagged & ~ENCRYPTED_FLAG);
        gcm.begin(iv);
        boolean verified;
        if ((flagged & ENCRYPTED_FLAG) != 0) {
            gcm.aad(buf, off, RTCP_CLEAR_LENGTH);
            gcm.aad(flaggedIndex, 0, SRTCP_INDEX_LENGTH);
            verified = gcm.finish(buf, off + RTCP_CLEAR_LENGTH, end - RTCP_CLEAR_LENGTH);
        } else {
            gcm.aad(buf, off, end);
            gcm.aad(flaggedIndex, 0, SRTCP_INDEX_LENGTH);
            verified = gcm.finish(buf, off + end, 0);
        }
        return verified ? end : -1;
    }

    private void rtpIv(int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, iv.length);
        xorInt(iv, IV_SSRC_AT, ssrc);
        xorInt(iv, IV_ROC_AT, (int) (index >>> Short.SIZE));
        iv[IV_SEQUENCE_AT] ^= (byte) (index >>> Byte.SIZE);
        iv[IV_SEQUENCE_AT + 1] ^= (byte) index;
    }

    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(salt, 0, iv, 0, iv.length);
        xorInt(iv, IV_SSRC_AT, ssrc);
        xorInt(iv, IV_RTCP_INDEX_AT, index);
    }

    @Override
    public void close() {
        gcm.close();
    }
}
