package io.storagesession.webrtc.srtp;

/**
 * {@code AES_CM_128_HMAC_SHA1_80} (RFC 3711 §4.1.1 and §4.2.1; RFC 5764 §4.1.2): AES counter mode from
 * {@code IV = (salt << 16) XOR (SSRC << 64) XOR (index << 16)}, then HMAC-SHA1 over the packet — for SRTP followed
 * by the 32-bit ROC, for SRTCP including the E flag and index — cut to 80 bits and appended.
 */
final class AesCmTransform extends SrtpTransform {
    /** Where the SSRC and the 48-bit index are XORed into the 16-byte counter block. */
    private static final int IV_SSRC_AT = 4;
    private static final int IV_INDEX_AT = 8;
    private static final int INDEX_BYTES = 6;
    private final AesCtr ctr;
    private final HmacSha1 hmac;
    private final byte[] salt;
    private final int tagLength;
    private final byte[] iv = new byte[AesCtr.IV_LENGTH];
    private final byte[] roc = new byte[Integer.BYTES];

    AesCmTransform(AesCtr ctr, byte[] salt, byte[] authKey, int tagLength) {
        this.ctr = ctr;
        this.salt = salt.clone();
        this.hmac = new HmacSha1(authKey);
        this.tagLength = tagLength;
    }

    @Override
    int rtpTrailer() {
        return tagLength;
    }

    @Override
    int rtcpIndexFromEnd() {
        return tagLength + SRTCP_INDEX_LENGTH;
    }

    @Override
    int protectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        counter(ssrc, index);
        ctr.apply(iv, buf, off + headerLength, len - headerLength);
        rtpTag(buf, off, len, index);
        System.arraycopy(hmac.result(), 0, buf, off + len, tagLength);
        return len + tagLength;
    }

    @Override
    int unprotectRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        int end = len - tagLength;
        rtpTag(buf, off, end, index);
        if (!hmac.matches(buf, off + end, tagLength)) {
            return -1;
        }
        counter(ssrc, index);
        ctr.apply(iv, buf, off + headerLength, end - headerLength);
        return end;
    }

    @Override
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        counter(ssrc, index);
        ctr.apply(iv, buf, off + RTCP_CLEAR_LENGTH, len - RTCP_CLEAR_LENGTH);
        writeInt(buf, off + len, ENCRYPTED_FLAG | index);
        int authenticated = len + SRTCP_INDEX_LENGTH;
        hmac.start();
        hmac.update(buf, off, authenticated);
        hmac.finish();
        System.arraycopy(hmac.result(), 0, buf, off + authenticated, tagLength);
        return authenticated + tagLength;
    }

    @Override
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int flaggedIndex) {
        int authenticated = len - tagLength;
        hmac.start();
        hmac.update(buf, off, authenticated);
        hmac.finish();
        if (!hmac.matches(buf, off + authenticated, tagLength)) {
            return -1;
        }
        int end = authenticated - SRTCP_INDEX_LENGTH;
        if ((flaggedIndex & ENCRYPTED_FLAG) != 0) {
            counter(ssrc, flaggedIndex & ~ENCRYPTED_FLAG);
            ctr.apply(iv, buf, off + RTCP_CLEAR_LENGTH, end - RTCP_CLEAR_LENGTH);
        }
        return end;
    }

    /** RFC 3711 §4.2: the tag covers the authenticated portion and then the ROC. */
    private void rtpTag(byte[] buf, int off, int len, long index) {
        writeInt(roc, 0, (int) (index >>> Short.SIZE));
        hmac.start();
        hmac.update(buf, off, len);
        hmac.update(roc, 0, roc.length);
        hmac.finish();
    }

    /** RFC 3711 §4.1.1: the 112-bit salt shifted left 16, XOR the SSRC at bits 64–95, XOR the index shifted 16. */
    private void counter(int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, salt.length);
        for (int i = salt.length; i < iv.length; i++) {
            iv[i] = 0;
        }
        xorInt(iv, IV_SSRC_AT, ssrc);
        for (int i = 0; i < INDEX_BYTES; i++) {
            iv[IV_INDEX_AT + i] ^= (byte) (index >>> (Byte.SIZE * (INDEX_BYTES - 1 - i)));
        }
    }

    @Override
    public void close() {
        ctr.close();
    }
}
