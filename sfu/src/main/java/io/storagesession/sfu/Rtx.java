package io.storagesession.sfu;

import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.Rtp;

/**
 * The RTX payload format (RFC 4588 §4): a retransmission is the original packet's header with the RTX payload type,
 * the RTX stream's SSRC and sequence number, followed by the original sequence number (OSN, 2 bytes) and the
 * original payload. The timestamp, marker, CSRCs and header extensions stay those of the original (§4.1), and so
 * does padding. Both directions copy between caller-owned buffers and allocate nothing.
 */
final class Rtx {
    /** The OSN field in front of the original payload. */
    static final int OSN_BYTES = 2;
    private static final int PAYLOAD_TYPE_MASK = 0x7F;
    private static final int MARKER = 0x80;
    private static final int SEQUENCE_OFFSET = 2;
    private static final int SSRC_OFFSET = 8;

    private Rtx() {
    }

    /**
     * Restores the original packet from an RTX packet into {@code out} at 0: payload type {@code originalType},
     * SSRC {@code originalSsrc}, sequence number from the OSN. Returns its length, or -1 when the RTX packet carries
     * no OSN (padding-only probes) or is malformed. {@code out} must hold {@code len - 2} bytes.
     */
    static int restore(byte[] rtx, int off, int len, int originalType, int originalSsrc, byte[] out) {
        int header = Rtp.payloadOffset(rtx, off, len);
        if (header < 0 || Rtp.payloadLength(rtx, off, len) < OSN_BYTES || len - OSN_BYTES > out.length) {
            return -1;
        }
        int osn = ((rtx[off + header] & 0xFF) << 8) | (rtx[off + header + 1] & 0xFF);
        System.arraycopy(rtx, off, out, 0, header);
        System.arraycopy(rtx, off + header + OSN_BYTES, out, header, len - header - OSN_BYTES);
        out[1] = (byte) ((out[1] & MARKER) | (originalType & PAYLOAD_TYPE_MASK));
        Bytes.writeShort(out, SEQUENCE_OFFSET, osn);
        Bytes.writeInt(out, SSRC_OFFSET, originalSsrc);
        return len - OSN_BYTES;
    }

    /**
     * Wraps an original packet (already as the receiver knows it) into an RTX packet in {@code out} at 0; returns
     * its length, or -1 when the original is malformed or {@code out} too small.
     */
    static int wrap(byte[] original, int len, int rtxType, int rtxSsrc, int rtxSequence, byte[] out) {
        int header = Rtp.payloadOffset(original, 0, len);
        if (header < 0 || len + OSN_BYTES > out.length) {
            return -1;
        }
        System.arraycopy(original, 0, out, 0, header);
        out[header] = original[SEQUENCE_OFFSET];
        out[header + 1] = original[SEQUENCE_OFFSET + 1];
        System.arraycopy(original, header, out, header + OSN_BYTES, len - header);
        out[1] = (byte) ((out[1] & MARKER) | (rtxType & PAYLOAD_TYPE_MASK));
        Bytes.writeShort(out, SEQUENCE_OFFSET, rtxSequence);
        Bytes.writeInt(out, SSRC_OFFSET, rtxSsrc);
        return len + OSN_BYTES;
    }
}
