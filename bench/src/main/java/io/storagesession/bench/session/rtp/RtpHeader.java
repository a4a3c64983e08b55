package io.storagesession.bench.session.rtp;

/**
 * Reads and writes the RTP fixed header (RFC 3550 §5.1) in place, on byte arrays, allocation-free for the packet
 * path. Readers take an offset and length and never read past them; {@link #headerLength} is the gate that says
 * whether the rest may be read at all.
 */
public final class RtpHeader {
    public static final int FIXED_LENGTH = 12;
    private static final int VERSION_2 = 0x80;
    private static final int VERSION_MASK = 0xC0;
    private static final int PADDING_BIT = 0x20;
    private static final int EXTENSION_BIT = 0x10;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int MARKER_BIT = 0x80;
    private static final int PAYLOAD_TYPE_MASK = 0x7F;
    /** RFC 8285 §4.2: the one-byte header extension profile. */
    public static final int ONE_BYTE_EXTENSION_PROFILE = 0xBEDE;
    /** RFC 3550 §5.3.1: profile word and length in words. */
    private static final int EXTENSION_HEADER = 4;
    /** RFC 6464 §3: the voice-activity flag above the 7-bit level. */
    private static final int VOICE_ACTIVITY = 0x80;
    /** A one-byte extension element with one data byte (length field is length − 1), padded to a word. */
    private static final int AUDIO_LEVEL_EXTENSION_BYTES = EXTENSION_HEADER + 4;

    private RtpHeader() {
    }

    /**
     * The length of the header with CSRCs and extension, or -1 when {@code len} bytes cannot be an RTP packet: not
     * version 2, shorter than its header, or a padding count beyond the payload.
     */
    public static int headerLength(byte[] b, int off, int len) {
        if (len < FIXED_LENGTH || (b[off] & VERSION_MASK) != VERSION_2) {
            return -1;
        }
        int length = FIXED_LENGTH + 4 * (b[off] & CSRC_COUNT_MASK);
        if ((b[off] & EXTENSION_BIT) != 0) {
            if (length + EXTENSION_HEADER > len) {
                return -1;
            }
            length += EXTENSION_HEADER + 4 * u16(b, off + length + 2);
        }
        if (length > len) {
            return -1;
        }
        if ((b[off] & PADDING_BIT) != 0) {
            int padding = b[off + len - 1] & 0xFF;
            if (padding == 0 || length + padding > len) {
                return -1;
            }
        }
        return length;
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & MARKER_BIT) != 0;
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & PAYLOAD_TYPE_MASK;
    }

    public static int sequence(byte[] b, int off) {
        return u16(b, off + 2);
    }

    /** The timestamp as an unsigned 32-bit value in a long. */
    public static long timestamp(byte[] b, int off) {
        return u32(b, off + 4) & 0xFFFF_FFFFL;
    }

    public static int ssrc(byte[] b, int off) {
        return u32(b, off + 8);
    }

    /** Writes a header without extension; returns its length. */
    public static int write(byte[] b, int off, boolean marker, int payloadType, int sequence, long timestamp,
                            int ssrc) {
        b[off] = (byte) VERSION_2;
        b[off + 1] = (byte) ((marker ? MARKER_BIT : 0) | payloadType & PAYLOAD_TYPE_MASK);
        putU16(b, off + 2, sequence);
        putU32(b, off + 4, (int) timestamp);
        putU32(b, off + 8, ssrc);
        return FIXED_LENGTH;
    }

    /**
     * Writes a header carrying the RFC 6464 client-to-mixer audio level in a one-byte extension (RFC 8285 §4.2) with
     * the id the offer's {@code a=extmap} gave; returns its length.
     */
    public static int writeWithAudioLevel(byte[] b, int off, int payloadType, int sequence, long timestamp, int ssrc,
                                          int extensionId, boolean voice, int level) {
        write(b, off, false, payloadType, sequence, timestamp, ssrc);
        b[off] |= EXTENSION_BIT;
        int x = off + FIXED_LENGTH;
        putU16(b, x, ONE_BYTE_EXTENSION_PROFILE);
        putU16(b, x + 2, 1);
        b[x + 4] = (byte) (extensionId << 4);
        b[x + 5] = (byte) ((voice ? VOICE_ACTIVITY : 0) | level & PAYLOAD_TYPE_MASK);
        b[x + 6] = 0;
        b[x + 7] = 0;
        return FIXED_LENGTH + AUDIO_LEVEL_EXTENSION_BYTES;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static int u32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void putU32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
