package io.storagesession.codecs.rtp;

/**
 * Reads the fixed RTP header in place (RFC 3550 §5.1), without allocating. Offsets are validated: a header whose CSRC
 * list or extension runs past the packet yields -1 from {@link #payloadOffset}.
 */
public final class Rtp {
    private static final int FIXED_HEADER = 12;
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
