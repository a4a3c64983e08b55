package io.storagesession.codecs.rtp;

import io.storagesession.codecs.rtp.Bytes;

/**
 * Walks a compound RTCP packet (RFC 3550 §6.1) without trusting it: each packet must be version 2 and its length
 * (in 32-bit words minus one, §6.4.1) must stay inside the compound. The forwarder stops at the first packet that
 * fails, counting it, and keeps what came before.
 */
public final class RtcpCompound {
    public static final int SR = 200;
    public static final int RR = 201;
    /** RFC 3611 XR: the last type the server recognises (SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR). */
    public static final int XR = 207;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;
    public static final int HEADER = 4;
    private static final int VERSION_2 = 0x80;
    private static final int VERSION_MASK = 0xC0;
    private static final int WORD = 4;
    private static final int COUNT_MASK = 0x1F;
    /** Sender report layout (RFC 3550 §6.4.1): sender SSRC, NTP timestamp, RTP timestamp, then the counts. */
    private static final int SR_SSRC = 4;
    private static final int SR_NTP = 8;
    private static final int SR_RTP = 16;
    private static final int SR_SENDER_INFO_END = 28;

    private RtcpCompound() {
    }

    /** The byte length of the packet at {@code at}, or -1 when it is not a well-formed packet inside {@code end}. */
    public static int length(byte[] buf, int at, int end) {
        if (end - at < HEADER || (buf[at] & VERSION_MASK) != VERSION_2) {
            return -1;
        }
        int bytes = (Bytes.readShort(buf, at + 2) + 1) * WORD;
        return bytes <= end - at ? bytes : -1;
    }

    public static int type(byte[] buf, int at) {
        return buf[at + 1] & 0xFF;
    }

    /** The count field, which feedback messages use as their FMT (RFC 4585 §6.1). */
    public static int format(byte[] buf, int at) {
        return buf[at] & COUNT_MASK;
    }

    public static boolean knownType(int type) {
        return type >= SR && type <= XR;
    }

    /** Whether the {@code bytes}-long packet at {@code at} is long enough to be a sender report's sender info. */
    public static boolean holdsSenderInfo(int bytes) {
        return bytes >= SR_SENDER_INFO_END;
    }

    /** A sender report's SSRC of sender. */
    public static int senderSsrc(byte[] buf, int at) {
        return Bytes.readInt(buf, at + SR_SSRC);
    }

    /** A sender report's NTP timestamp, 64-bit (RFC 5905 §6 format). */
    public static long senderNtp(byte[] buf, int at) {
        return ((long) Bytes.readInt(buf, at + SR_NTP) << Integer.SIZE)
                | (Bytes.readInt(buf, at + SR_NTP + Integer.BYTES) & 0xFFFF_FFFFL);
    }

    /** A sender report's RTP timestamp of the same instant. */
    public static int senderRtpTimestamp(byte[] buf, int at) {
        return Bytes.readInt(buf, at + SR_RTP);
    }
}
