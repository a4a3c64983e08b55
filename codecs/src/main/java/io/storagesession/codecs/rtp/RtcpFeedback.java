package io.storagesession.codecs.rtp;

import io.storagesession.codecs.rtp.Bytes;

/**
 * Writers for the RTCP the server sends to participants through the media seam ({@code MediaOut.sendRtcp}): an empty
 * receiver report to open a compound packet (RFC 3550 §6.1, §6.4.2), PLI (RFC 4585 §6.3.1), FIR (RFC 5104 §4.3.1),
 * generic NACK (RFC 4585 §6.2.1) and REMB (draft-alvestrand-rmcat-remb-03 §2.2). Each writes into the caller's buffer
 * at {@code off} and returns the bytes written; a sender report without report blocks (RFC 3550 §6.4.1) too, so the
 * media plane can build compound packets without allocating. A generic NACK can also be built from a list of lost
 * sequence numbers, as a receiver (the load generator's simulated viewers) asks for them. The caller leaves {@code
 * MediaOut.TRAILER_ROOM} bytes after the packet for SRTCP.
 */
public final class RtcpFeedback {
    /** REMB's feedback message type: application-layer FB (RFC 4585 §6.4); the others are {@link RtcpCompound}'s. */
    private static final int FMT_AFB = 15;
    private static final int VERSION_2 = 0x80;
    private static final int WORD = 4;
    /** RTP sequence numbers are 16 bits; a generic NACK's BLP covers the 16 after its PID (RFC 4585 §6.2.1). */
    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final int BLP_BITS = 16;
    private static final int REMB_MANTISSA_BITS = 18;
    private static final long REMB_MAX_MANTISSA = (1L << REMB_MANTISSA_BITS) - 1;
    private static final int REMB_MAX_SSRCS = 255;

    public static final int RR_LENGTH = 8;
    /** A sender report without report blocks: header, SSRC and the 20-byte sender info (RFC 3550 §6.4.1). */
    public static final int SR_LENGTH = 28;
    /** A generic NACK's header and media SSRC, before its FCI entries (RFC 4585 §6.1). */
    public static final int NACK_HEADER_LENGTH = 12;
    /** One generic NACK FCI entry: PID and BLP (RFC 4585 §6.2.1). */
    public static final int NACK_ITEM_LENGTH = 4;
    public static final int PLI_LENGTH = 12;
    public static final int FIR_LENGTH = 20;
    public static final int NACK_LENGTH = 16;

    private RtcpFeedback() {
    }

    /** A receiver report with no report blocks: the mandatory first packet of a compound RTCP packet. */
    public static int emptyReceiverReport(byte[] buf, int off, int senderSsrc) {
        header(buf, off, 0, RtcpCompound.RR, RR_LENGTH);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        return RR_LENGTH;
    }

    /**
     * A sender report with no report blocks (RFC 3550 §6.4.1): the NTP/RTP timestamp pair a receiver synchronises
     * streams with, and the sender's packet and payload-octet counts (both wrap at 2^32).
     *
     * @param ntp the 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low 32)
     */
    public static int senderReport(byte[] buf, int off, int senderSsrc, long ntp, long rtpTimestamp, long packets,
                                   long octets) {
        header(buf, off, 0, RtcpCompound.SR, SR_LENGTH);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        Bytes.writeInt(buf, off + 2 * WORD, (int) (ntp >>> 32));
        Bytes.writeInt(buf, off + 3 * WORD, (int) ntp);
        Bytes.writeInt(buf, off + 4 * WORD, (int) rtpTimestamp);
        Bytes.writeInt(buf, off + 5 * WORD, (int) packets);
        Bytes.writeInt(buf, off + 6 * WORD, (int) octets);
        return SR_LENGTH;
    }

    /** Picture Loss Indication: asks the sender of {@code mediaSsrc} for a keyframe. */
    public static int pli(byte[] buf, int off, int senderSsrc, int mediaSsrc) {
        header(buf, off, RtcpCompound.FMT_PLI, RtcpCompound.PSFB, PLI_LENGTH);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        Bytes.writeInt(buf, off + 2 * WORD, mediaSsrc);
        return PLI_LENGTH;
    }

    /** Full Intra Request; {@code sequence} must change for each new request (RFC 5104 §4.3.1.1). */
    public static int fir(byte[] buf, int off, int senderSsrc, int mediaSsrc, int sequence) {
        header(buf, off, RtcpCompound.FMT_FIR, RtcpCompound.PSFB, FIR_LENGTH);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        Bytes.writeInt(buf, off + 2 * WORD, 0);
        Bytes.writeInt(buf, off + 3 * WORD, mediaSsrc);
        Bytes.writeInt(buf, off + 4 * WORD, (sequence & 0xFF) << 24);
        return FIR_LENGTH;
    }

    /** Generic NACK for packet {@code pid} and the up to 16 following ones set in {@code bitmask}. */
    public static int nack(byte[] buf, int off, int senderSsrc, int mediaSsrc, int pid, int bitmask) {
        header(buf, off, RtcpCompound.FMT_NACK, RtcpCompound.RTPFB, NACK_LENGTH);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        Bytes.writeInt(buf, off + 2 * WORD, mediaSsrc);
        Bytes.writeInt(buf, off + 3 * WORD, ((pid & 0xFFFF) << 16) | (bitmask & 0xFFFF));
        return NACK_LENGTH;
    }

    /**
     * Generic NACK with several FCI entries (RFC 4585 §6.2.1), each {@code PID << 16 | BLP} as in
     * {@code items[0..count)}; {@code count} must be at least 1.
     */
    public static int nack(byte[] buf, int off, int senderSsrc, int mediaSsrc, int[] items, int count) {
        if (count < 1 || count > items.length) {
            throw new IllegalArgumentException("a NACK needs 1.." + items.length + " entries, not " + count);
        }
        int length = NACK_HEADER_LENGTH + count * NACK_ITEM_LENGTH;
        header(buf, off, RtcpCompound.FMT_NACK, RtcpCompound.RTPFB, length);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        Bytes.writeInt(buf, off + 2 * WORD, mediaSsrc);
        for (int i = 0; i < count; i++) {
            Bytes.writeInt(buf, off + NACK_HEADER_LENGTH + i * NACK_ITEM_LENGTH, items[i]);
        }
        return length;
    }

    /**
     * Generic NACK for the lost sequence numbers {@code lost[0..count)}, ascending modulo 2^16 (RFC 4585 §6.2.1):
     * each FCI entry's PID is the first number not yet covered and its BLP marks those of the next 16 that follow in
     * the list, so a run of losses costs one entry. {@code count} must be at least 1; the buffer needs room for
     * {@link #NACK_HEADER_LENGTH} + {@code count} × {@link #NACK_ITEM_LENGTH} bytes (the most it can take).
     */
    public static int nackLost(byte[] buf, int off, int senderSsrc, int mediaSsrc, int[] lost, int count) {
        if (count < 1 || count > lost.length) {
            throw new IllegalArgumentException("a NACK needs 1.." + lost.length + " lost packets, not " + count);
        }
        int at = off + NACK_HEADER_LENGTH;
        int i = 0;
        while (i < count) {
            int pid = lost[i++];
            int blp = 0;
            while (i < count) {
                int distance = (lost[i] - pid) & SEQUENCE_MASK;
                if (distance == 0 || distance > BLP_BITS) {
                    break;
                }
                blp |= 1 << (distance - 1);
                i++;
            }
            Bytes.writeInt(buf, at, ((pid & SEQUENCE_MASK) << Short.SIZE) | blp);
            at += NACK_ITEM_LENGTH;
        }
        int length = at - off;
        header(buf, off, RtcpCompound.FMT_NACK, RtcpCompound.RTPFB, length);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        Bytes.writeInt(buf, off + 2 * WORD, mediaSsrc);
        return length;
    }

    /** Receiver Estimated Maximum Bitrate for the given media SSRCs (the server's cap on a sender). */
    public static int remb(byte[] buf, int off, int senderSsrc, long bitsPerSecond, int... mediaSsrcs) {
        if (mediaSsrcs.length == 0 || mediaSsrcs.length > REMB_MAX_SSRCS || bitsPerSecond < 0) {
            throw new IllegalArgumentException("REMB needs 1-255 SSRCs and a non-negative bit rate");
        }
        int exponent = 0;
        long mantissa = bitsPerSecond;
        while (mantissa > REMB_MAX_MANTISSA) {
            mantissa >>= 1;
            exponent++;
        }
        int length = 5 * WORD + mediaSsrcs.length * WORD;
        header(buf, off, FMT_AFB, RtcpCompound.PSFB, length);
        Bytes.writeInt(buf, off + WORD, senderSsrc);
        Bytes.writeInt(buf, off + 2 * WORD, 0);
        buf[off + 12] = 'R';
        buf[off + 13] = 'E';
        buf[off + 14] = 'M';
        buf[off + 15] = 'B';
        Bytes.writeInt(buf, off + 4 * WORD, (mediaSsrcs.length << 24) | (exponent << REMB_MANTISSA_BITS) | (int) mantissa);
        for (int i = 0; i < mediaSsrcs.length; i++) {
            Bytes.writeInt(buf, off + 5 * WORD + i * WORD, mediaSsrcs[i]);
        }
        return length;
    }

    /** V=2, no padding, the count/FMT field, the packet type and the length in 32-bit words minus one. */
    private static void header(byte[] buf, int off, int countOrFmt, int type, int bytes) {
        buf[off] = (byte) (VERSION_2 | countOrFmt);
        buf[off + 1] = (byte) type;
        int words = bytes / WORD - 1;
        buf[off + 2] = (byte) (words >>> 8);
        buf[off + 3] = (byte) words;
    }
}
