package io.storagesession.bench.session.rtp;

/**
 * The RTCP a simulated participant acts on or sends: it reads keyframe requests (PLI, RFC 4585 §6.3.1; FIR, RFC 5104
 * §4.3.1) and generic NACKs (RFC 4585 §6.2.1) out of compound packets (RFC 3550 §6.1), and writes generic NACKs and
 * empty receiver reports. Reading walks the compound by each packet's length and stops at the first one that does not
 * fit or is not version 2, keeping what it already reported; it never reads outside {@code [off, off + len)} and
 * allocates nothing.
 */
public final class Rtcp {
    public static final int RR = 201;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;
    /** Feedback message types (FMT) in the common header's count field. */
    public static final int FMT_GENERIC_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    private static final int HEADER = 4;
    /** Header, sender SSRC, media source SSRC. */
    private static final int FEEDBACK_HEADER = 12;
    private static final int VERSION_2 = 0x80;
    private static final int VERSION_MASK = 0xC0;
    private static final int COUNT_MASK = 0x1F;
    private static final int NACK_ITEM = 4;
    /** A NACK item covers its packet id and the 16 after it (the BLP bitmask). */
    public static final int NACK_SPAN = 17;
    private static final int FIR_ENTRY = 8;

    /** What a participant hears in RTCP. */
    public interface Listener {
        /** A PLI or FIR for {@code mediaSsrc}: send a keyframe now. */
        void keyframeRequested(int mediaSsrc);

        /** A generic NACK: {@code sequence} of {@code mediaSsrc} was lost. */
        void nacked(int mediaSsrc, int sequence);
    }

    private Rtcp() {
    }

    /** Whether an RTP/RTCP datagram is RTCP (RFC 5761 §4: packet types 192–223 in the second byte). */
    public static boolean isRtcp(byte[] b, int off, int len) {
        if (len < 2) {
            return false;
        }
        int type = b[off + 1] & 0xFF;
        return type >= 192 && type <= 223;
    }

    /** Reports every PLI, FIR and NACK of a compound packet; returns how many RTCP packets were read whole. */
    public static int read(byte[] b, int off, int len, Listener listener) {
        int pos = off;
        int end = off + len;
        int packets = 0;
        while (pos + HEADER <= end) {
            if ((b[pos] & VERSION_MASK) != VERSION_2) {
                break;
            }
            int length = HEADER * (RtpHeader.u16(b, pos + 2) + 1);
            if (pos + length > end) {
                break;
            }
            int type = b[pos + 1] & 0xFF;
            int fmt = b[pos] & COUNT_MASK;
            if (length >= FEEDBACK_HEADER && (type == RTPFB || type == PSFB)) {
                feedback(b, pos, length, type, fmt, listener);
            }
            packets++;
            pos += length;
        }
        return packets;
    }

    private static void feedback(byte[] b, int pos, int length, int type, int fmt, Listener listener) {
        int mediaSsrc = RtpHeader.u32(b, pos + 8);
        if (type == PSFB && fmt == FMT_PLI) {
            listener.keyframeRequested(mediaSsrc);
        } else if (type == PSFB && fmt == FMT_FIR) {
            for (int i = pos + FEEDBACK_HEADER; i + FIR_ENTRY <= pos + length; i += FIR_ENTRY) {
                listener.keyframeRequested(RtpHeader.u32(b, i));
            }
        } else if (type == RTPFB && fmt == FMT_GENERIC_NACK) {
            for (int i = pos + FEEDBACK_HEADER; i + NACK_ITEM <= pos + length; i += NACK_ITEM) {
                int pid = RtpHeader.u16(b, i);
                int blp = RtpHeader.u16(b, i + 2);
                listener.nacked(mediaSsrc, pid);
                for (int bit = 0; bit < NACK_SPAN - 1; bit++) {
                    if ((blp & 1 << bit) != 0) {
                        listener.nacked(mediaSsrc, pid + bit + 1 & 0xFFFF);
                    }
                }
            }
        }
    }

    /**
     * Writes one generic NACK (RFC 4585 §6.2.1) for the sequence numbers {@code lost[0..count)} (ascending, modulo
     * 2^16) at {@code off}; returns its length. {@code b} must have room for 12 + 4 × count bytes.
     */
    public static int writeNack(byte[] b, int off, int senderSsrc, int mediaSsrc, int[] lost, int count) {
        int pos = off + FEEDBACK_HEADER;
        int i = 0;
        while (i < count) {
            int pid = lost[i++];
            int blp = 0;
            while (i < count) {
                int distance = lost[i] - pid & 0xFFFF;
                if (distance == 0 || distance >= NACK_SPAN) {
                    break;
                }
                blp |= 1 << distance - 1;
                i++;
            }
            RtpHeader.putU16(b, pos, pid);
            RtpHeader.putU16(b, pos + 2, blp);
            pos += NACK_ITEM;
        }
        int length = pos - off;
        b[off] = (byte) (VERSION_2 | FMT_GENERIC_NACK);
        b[off + 1] = (byte) RTPFB;
        RtpHeader.putU16(b, off + 2, length / HEADER - 1);
        RtpHeader.putU32(b, off + 4, senderSsrc);
        RtpHeader.putU32(b, off + 8, mediaSsrc);
        return length;
    }

    /** Writes an empty receiver report (RFC 3550 §6.4.2): what a compound packet starts with; returns 8. */
    public static int writeEmptyReceiverReport(byte[] b, int off, int senderSsrc) {
        b[off] = (byte) VERSION_2;
        b[off + 1] = (byte) RR;
        RtpHeader.putU16(b, off + 2, 1);
        RtpHeader.putU32(b, off + 4, senderSsrc);
        return 2 * HEADER;
    }
}
