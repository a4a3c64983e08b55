package io.storagesession.codecs.rtp;

/**
 * Reads the fixed RTP header in place (RFC 3550 §5.1), without allocating. Offsets are validated: a header whose CSRC
 * list or extension runs past the packet yields -1 from {@link #payloadOffset}. {@link #writeHeader} writes the fixed
 * header of the packets a sender builds (the mixer's listener streams, the load generator's participants).
 */
public final class Rtp {
    /** The fixed header without CSRCs or extension (RFC 3550 §5.1). */
    public static final int FIXED_HEADER = 12;
    private static final int CSRC_BYTES = 4;
    private static final int EXTENSION_HEADER = 4;
    private static final int WORD = 4;
    private static final int PAYLOAD_TYPE_MASK = 0x7F;
    private static final int MARKER = 0x80;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int EXTENSION_BIT = 0x10;
    private static final int PADDING_BIT = 0x20;
    private static final int VERSION_MASK = 0xC0;
    private static final int VERSION_2 = 0x80;

    private Rtp() {
    }

    /** Version 2 in the top two bits (RFC 3550 §5.1); the caller checked the packet has a first byte. */
    public static boolean version2(byte[] buf, int off) {
        return (buf[off] & VERSION_MASK) == VERSION_2;
    }

    /**
     * The padding at the packet's end (RFC 3550 §5.1: with the P bit, the last octet counts the padding octets,
     * itself included, so 0 is not a count): 0 without the P bit, -1 when the count is 0; the caller checks it fits.
     */
    public static int padding(byte[] buf, int off, int len) {
        if ((buf[off] & PADDING_BIT) == 0) {
            return 0;
        }
        int count = buf[off + len - 1] & 0xFF;
        return count == 0 ? -1 : count;
    }

    public static int payloadType(byte[] buf, int off) {
        return buf[off + 1] & PAYLOAD_TYPE_MASK;
    }

    public static boolean marker(byte[] buf, int off) {
        return (buf[off + 1] & MARKER) != 0;
    }

    public static int sequence(byte[] buf, int off) {
        return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    public static long timestamp(byte[] buf, int off) {
        return Bytes.readInt(buf, off + 4) & 0xFFFF_FFFFL;
    }

    public static int ssrc(byte[] buf, int off) {
        return Bytes.readInt(buf, off + 8);
    }

    /** Offset of the payload from {@code off}, or -1 when the header does not fit in {@code len}. */
    public static int payloadOffset(byte[] buf, int off, int len) {
        if (len < FIXED_HEADER) {
            return -1;
        }
        int header = FIXED_HEADER + (buf[off] & CSRC_COUNT_MASK) * CSRC_BYTES;
        if ((buf[off] & EXTENSION_BIT) != 0) {
            if (header + EXTENSION_HEADER > len) {
                return -1;
            }
            int words = ((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF);
            header += EXTENSION_HEADER + words * WORD;
        }
        return header <= len ? header : -1;
    }

    /**
     * The header's length (CSRCs and extension included) when {@code buf[off, off + len)} can be an RTP packet, else
     * -1: version 2, the header fits, and with the P bit a padding count of at least 1 that fits after the header
     * (RFC 3550 §5.1, the header checks of Appendix A.1).
     */
    public static int headerLength(byte[] buf, int off, int len) {
        int header = payloadOffset(buf, off, len);
        if (header < 0 || !version2(buf, off)) {
            return -1;
        }
        int padding = padding(buf, off, len);
        return padding < 0 || header + padding > len ? -1 : header;
    }

    /**
     * Writes a fixed header at {@code off}: version 2, no padding, no extension, no CSRCs (RFC 3550 §5.1); returns
     * {@link #FIXED_HEADER}. A header extension is added after it by its writer (e.g. {@link AudioLevelExtension}).
     *
     * @param timestamp the RTP timestamp; its low 32 bits are written
     */
    public static int writeHeader(byte[] buf, int off, boolean marker, int payloadType, int sequence, long timestamp,
                                  int ssrc) {
        buf[off] = (byte) VERSION_2;
        buf[off + 1] = (byte) ((marker ? MARKER : 0) | (payloadType & PAYLOAD_TYPE_MASK));
        Bytes.writeShort(buf, off + 2, sequence);
        Bytes.writeInt(buf, off + 4, (int) timestamp);
        Bytes.writeInt(buf, off + 8, ssrc);
        return FIXED_HEADER;
    }

    /** Sets the X bit of the header at {@code off}: an extension block follows the CSRCs (RFC 3550 §5.3.1). */
    static void markExtension(byte[] buf, int off) {
        buf[off] |= EXTENSION_BIT;
    }

    /** Payload length after removing padding (RFC 3550 §5.1 P bit), or -1 when malformed. */
    public static int payloadLength(byte[] buf, int off, int len) {
        int start = payloadOffset(buf, off, len);
        if (start < 0) {
            return -1;
        }
        int padding = (buf[off] & PADDING_BIT) != 0 ? buf[off + len - 1] & 0xFF : 0;
        int payload = len - start - padding;
        return payload >= 0 ? payload : -1;
    }
}
