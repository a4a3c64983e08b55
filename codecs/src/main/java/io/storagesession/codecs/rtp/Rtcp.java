package io.storagesession.codecs.rtp;

/**
 * Checks on received RTCP before the media plane parses it: a compound packet (RFC 3550 §6.1) is a chain of
 * version-2 packets whose length fields (in 32-bit words minus one) add up exactly to the datagram — the validity
 * check of RFC 3550 Appendix A.2, without the SR/RR-first rule, which reduced-size RTCP (RFC 5506) relaxes.
 */
public final class Rtcp {
    /** Version 2 in the top two bits (RFC 3550 §6.4.1). */
    private static final int VERSION_2 = 0x80;
    private static final int VERSION_MASK = 0xC0;
    private static final int HEADER = 4;
    private static final int WORD = 4;
    /** The first packet of a compound may carry padding only if it is also the last (RFC 3550 §6.4.1 P bit). */
    private static final int PADDING_BIT = 0x20;

    private Rtcp() {
    }

    /** True when {@code buf[off, off+len)} is a chain of version-2 RTCP packets that ends exactly at {@code len}. */
    public static boolean wellFormed(byte[] buf, int off, int len) {
        int at = off;
        int end = off + len;
        if (len < HEADER) {
            return false;
        }
        while (at < end) {
            if (at + HEADER > end || (buf[at] & VERSION_MASK) != VERSION_2) {
                return false;
            }
            int bytes = (Bytes.readShort(buf, at + 2) + 1) * WORD;
            if ((buf[at] & PADDING_BIT) != 0 && at + bytes != end) {
                return false;
            }
            at += bytes;
        }
        return at == end;
    }
}
