package io.storagesession.codecs.h264;

import io.storagesession.codecs.rtp.Rtp;

/**
 * Which H.264 NAL unit types an RTP payload starts (RFC 6184 §5.6–5.8): a single NAL unit, each unit of a STAP-A, or
 * the first fragment of an FU-A. Enough to tell that a master's stream carries parameter sets and IDR pictures,
 * which the recorder and the end-to-end tests need, without depacketizing.
 */
public final class H264Probe {
    public static final int NAL_IDR = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    private static final int LAST_H264_TYPE = 23;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;
    private static final int TYPE_MASK = 0x1F;
    private static final int FU_START = 0x80;
    private static final int STAP_LENGTH_BYTES = 2;
    private static final int FU_HEADER_BYTES = 2;

    private H264Probe() {
    }

    /** A bit set of the NAL unit types (bit n = type n) that begin in this RTP packet; 0 when malformed. */
    public static int nalTypes(byte[] buf, int off, int len) {
        int start = Rtp.payloadOffset(buf, off, len);
        int payload = Rtp.payloadLength(buf, off, len);
        if (start < 0 || payload < 1) {
            return 0;
        }
        int p = off + start;
        int end = p + payload;
        int type = buf[p] & TYPE_MASK;
        if (type == STAP_A) {
            int bits = 0;
            int at = p + 1;
            while (at + STAP_LENGTH_BYTES < end) {
                int size = ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
                at += STAP_LENGTH_BYTES;
                if (size == 0 || at + size > end) {
                    break;
                }
                bits |= bit(buf[at] & TYPE_MASK);
                at += size;
            }
            return bits;
        }
        if (type == FU_A) {
            if (payload < FU_HEADER_BYTES || (buf[p + 1] & FU_START) == 0) {
                return 0;
            }
            return bit(buf[p + 1] & TYPE_MASK);
        }
        return bit(type);
    }

    /** Only the NAL unit types of H.264 itself (1–23); 0 and 24–31 are unspecified or RTP packetization types. */
    private static int bit(int type) {
        return type >= 1 && type <= LAST_H264_TYPE ? 1 << type : 0;
    }
}
