package io.storagesession.codecs.rtp;

import java.util.Arrays;

/**
 * One received compound RTCP packet (RFC 3550 §6.1), parsed once: the transport walks its chain of packets a single
 * time, and every consumer — the SFU's master stream and viewers' feedback, the mixer's sender reports — reads the
 * packets by index (type, FMT, offset, length) and the typed fields it needs, as Jitsi's receive pipeline parses a
 * compound once and dispatches its parts. Nothing is trusted: each packet must be version 2 and its length (in 32-bit
 * words minus one, §6.4.1) must stay inside the datagram; the walk stops at the first packet that fails, keeps what
 * came before and says so ({@link #malformed()}). {@link #wellFormed()} is the validity check of RFC 3550 Appendix
 * A.2, without the SR/RR-first rule, which reduced-size RTCP (RFC 5506) relaxes.
 *
 * <p>One instance is reused for every compound a session receives (it is confined to the session's executor), so a
 * parse allocates nothing; the index grows once if a compound ever holds more packets than it has room for. The
 * buffer is the caller's and is lent for as long as the compound is being read.
 */
public final class RtcpCompound {
    public static final int SR = 200;
    public static final int RR = 201;
    /** RFC 3611 XR: the last type the server recognises (SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR). */
    public static final int XR = 207;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;
    public static final int HEADER = 4;
    /** Feedback types in the FMT field: generic NACK (RFC 4585 §6.2.1), PLI (§6.3.1), FIR (RFC 5104 §4.3.1). */
    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** A feedback message's common part before its FCI: header, sender SSRC, media source SSRC (RFC 4585 §6.1). */
    public static final int FEEDBACK_HEADER = 12;
    private static final int VERSION_2 = 0x80;
    private static final int VERSION_MASK = 0xC0;
    /** The first packet of a compound may carry padding only if it is also the last (RFC 3550 §6.4.1 P bit). */
    private static final int PADDING_BIT = 0x20;
    private static final int WORD = 4;
    private static final int COUNT_MASK = 0x1F;
    /** Sender report layout (RFC 3550 §6.4.1): sender SSRC, NTP timestamp, RTP timestamp, then the counts. */
    private static final int SR_SSRC = 4;
    private static final int SR_NTP = 8;
    private static final int SR_RTP = 16;
    private static final int SR_SENDER_INFO_END = 28;
    /** Feedback (RFC 4585 §6.1): header, sender SSRC, then the media source's SSRC. */
    private static final int MEDIA_SSRC = 8;
    /** Room for a typical compound (RR, SDES, a few feedback messages); grows on a longer one. */
    private static final int INITIAL_PACKETS = 16;

    private byte[] buf;
    private int[] offsets = new int[INITIAL_PACKETS];
    private int[] lengths = new int[INITIAL_PACKETS];
    private int count;
    private boolean malformed;
    private boolean wellFormed;

    /** A compound parsed into a fresh view: for tests and one-off reads, not for the media path. */
    public static RtcpCompound of(byte[] buf, int off, int len) {
        RtcpCompound compound = new RtcpCompound();
        compound.parse(buf, off, len);
        return compound;
    }

    /**
     * Parses {@code buf[off, off + len)}, replacing what this view held; returns {@link #wellFormed()}.
     */
    public boolean parse(byte[] buf, int off, int len) {
        this.buf = buf;
        count = 0;
        int end = off + len;
        int at = off;
        boolean padded = false;
        while (at < end) {
            if (end - at < HEADER || (buf[at] & VERSION_MASK) != VERSION_2) {
                break;
            }
            int bytes = (Bytes.readShort(buf, at + 2) + 1) * WORD;
            if (bytes > end - at) {
                break;
            }
            padded |= (buf[at] & PADDING_BIT) != 0 && at + bytes != end;
            add(at, bytes);
            at += bytes;
        }
        malformed = at < end;
        wellFormed = !malformed && len >= HEADER && !padded;
        return wellFormed;
    }

    private void add(int at, int bytes) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = at;
        lengths[count] = bytes;
        count++;
    }

    /** The whole datagram is a chain of version-2 packets ending exactly at its end, padding only on the last. */
    public boolean wellFormed() {
        return wellFormed;
    }

    /** The walk stopped before the end: a packet with a bad version or a length past the end (or a short tail). */
    public boolean malformed() {
        return malformed;
    }

    /** The packets read, in order (those before a malformed one). */
    public int count() {
        return count;
    }

    /** The buffer the packets lie in. */
    public byte[] buffer() {
        return buf;
    }

    public int offset(int packet) {
        return offsets[packet];
    }

    public int length(int packet) {
        return lengths[packet];
    }

    public int type(int packet) {
        return buf[offsets[packet] + 1] & 0xFF;
    }

    /** The count field, which feedback messages use as their FMT (RFC 4585 §6.1). */
    public int format(int packet) {
        return buf[offsets[packet]] & COUNT_MASK;
    }

    /** SR, RR, SDES, BYE, APP, RTPFB, PSFB or XR. */
    public boolean knownType(int packet) {
        int type = type(packet);
        return type >= SR && type <= XR;
    }

    /** Whether the packet is a sender report long enough to hold its sender info. */
    public boolean senderReport(int packet) {
        return type(packet) == SR && lengths[packet] >= SR_SENDER_INFO_END;
    }

    /** A sender report's SSRC of sender. */
    public int senderSsrc(int packet) {
        return Bytes.readInt(buf, offsets[packet] + SR_SSRC);
    }

    /** A sender report's NTP timestamp, 64-bit (RFC 5905 §6 format). */
    public long senderNtp(int packet) {
        int at = offsets[packet] + SR_NTP;
        return ((long) Bytes.readInt(buf, at) << Integer.SIZE)
                | (Bytes.readInt(buf, at + Integer.BYTES) & 0xFFFF_FFFFL);
    }

    /** A sender report's RTP timestamp of the same instant. */
    public int senderRtpTimestamp(int packet) {
        return Bytes.readInt(buf, offsets[packet] + SR_RTP);
    }

    /** A feedback message's media source SSRC (RFC 4585 §6.1); the caller checked the length. */
    public int mediaSsrc(int packet) {
        return Bytes.readInt(buf, offsets[packet] + MEDIA_SSRC);
    }
}
