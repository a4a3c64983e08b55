package io.storagesession.codecs;

/**
 * Checks an Opus packet's framing without decoding it (RFC 6716 §3.1–§3.4): the TOC byte, the frame count code and
 * the frame lengths must satisfy requirements R1–R7, so a mixer can refuse a malformed payload before it reaches a
 * decoder, and before forwarding it untouched to a listener whose decoder would choke on it. Allocation-free.
 */
public final class OpusPacket {
    /** The packet violates one of RFC 6716 §3.4's requirements. */
    public static final int MALFORMED = -1;

    private static final int CONFIG_SHIFT = 3;
    private static final int CODE_MASK = 0x03;
    private static final int CODE_ONE_FRAME = 0;
    private static final int CODE_TWO_EQUAL = 1;
    private static final int CODE_TWO_SIZED = 2;
    private static final int COUNT_VBR = 0x80;
    private static final int COUNT_PADDING = 0x40;
    private static final int COUNT_MASK = 0x3F;
    /** A one-byte frame length below this is the length itself; 252–255 start a two-byte length (§3.2.1). */
    private static final int ONE_BYTE_LENGTH_LIMIT = 252;
    private static final int SECOND_LENGTH_BYTE_WEIGHT = 4;
    /** A padding length byte of 255 means 254 bytes of padding and another length byte follows (§3.2.5). */
    private static final int PADDING_CONTINUES = 255;
    /** SILK-only configurations 0–11, hybrid 12–15, CELT-only 16–31 (§3.1, Table 2). */
    private static final int FIRST_HYBRID_CONFIG = 12;
    private static final int FIRST_CELT_CONFIG = 16;
    private static final int CONFIGS_PER_BANDWIDTH_SILK = 4;
    private static final int CONFIGS_PER_BANDWIDTH_HYBRID = 2;
    private static final int[] SILK_SAMPLES = {480, 960, 1_920, 2_880};
    private static final int[] HYBRID_SAMPLES = {480, 960};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};

    private OpusPacket() {
    }

    /** Samples per frame at 48 kHz of the TOC byte's configuration (RFC 6716 §3.1, Table 2). */
    public static int frameSamples(int toc) {
        int config = (toc & 0xFF) >>> CONFIG_SHIFT;
        if (config < FIRST_HYBRID_CONFIG) {
            return SILK_SAMPLES[config % CONFIGS_PER_BANDWIDTH_SILK];
        }
        if (config < FIRST_CELT_CONFIG) {
            return HYBRID_SAMPLES[config % CONFIGS_PER_BANDWIDTH_HYBRID];
        }
        return CELT_SAMPLES[config % CELT_SAMPLES.length];
    }

    /**
     * The packet's duration in samples at 48 kHz, or {@link #MALFORMED} when it breaks R1–R7 of RFC 6716 §3.4.
     */
    public static int samples(byte[] buf, int off, int len) {
        if (len < 1 || off < 0 || off + len > buf.length) {
            return MALFORMED;
        }
        int toc = buf[off] & 0xFF;
        int perFrame = frameSamples(toc);
        int code = toc & CODE_MASK;
        int rest = len - 1;
        if (code == CODE_ONE_FRAME) {
            return rest <= Opus.MAX_FRAME_BYTES ? perFrame : MALFORMED;
        }
        if (code == CODE_TWO_EQUAL) {
            return rest % 2 == 0 && rest / 2 <= Opus.MAX_FRAME_BYTES ? 2 * perFrame : MALFORMED;
        }
        if (code == CODE_TWO_SIZED) {
            int at = off + 1;
            int first = frameLength(buf, at, rest);
            if (first < 0) {
                return MALFORMED;
            }
            int lengthBytes = lengthBytes(buf[at]);
            int second = rest - lengthBytes - first;
            return second >= 0 && second <= Opus.MAX_FRAME_BYTES ? 2 * perFrame : MALFORMED;
        }
        return arbitraryFrames(buf, off, len, perFrame);
    }

    /** Code 3: a frame count byte, optional padding, then M frames of equal (CBR) or signalled (VBR) sizes. */
    private static int arbitraryFrames(byte[] buf, int off, int len, int perFrame) {
        if (len < 2) {
            return MALFORMED;
        }
        int countByte = buf[off + 1] & 0xFF;
        int frames = countByte & COUNT_MASK;
        if (frames == 0 || frames * perFrame > Opus.MAX_PACKET_SAMPLES) {
            return MALFORMED;
        }
        int at = off + 2;
        int end = off + len;
        int padding = 0;
        if ((countByte & COUNT_PADDING) != 0) {
            int value;
            do {
                if (at >= end) {
                    return MALFORMED;
                }
                value = buf[at++] & 0xFF;
                padding += value == PADDING_CONTINUES ? PADDING_CONTINUES - 1 : value;
            } while (value == PADDING_CONTINUES);
        }
        int available = end - at - padding;
        if (available < 0) {
            return MALFORMED;
        }
        if ((countByte & COUNT_VBR) == 0) {
            return available % frames == 0 && available / frames <= Opus.MAX_FRAME_BYTES ? frames * perFrame
                    : MALFORMED;
        }
        for (int i = 0; i < frames - 1; i++) {
            int length = frameLength(buf, at, available);
            if (length < 0) {
                return MALFORMED;
            }
            int lengthBytes = lengthBytes(buf[at]);
            at += lengthBytes;
            available -= lengthBytes + length;
            if (available < 0) {
                return MALFORMED;
            }
        }
        return available <= Opus.MAX_FRAME_BYTES ? frames * perFrame : MALFORMED;
    }

    /** A frame length coded in one or two bytes (§3.2.1), or -1 when it runs past {@code available}. */
    private static int frameLength(byte[] buf, int at, int available) {
        if (available < 1) {
            return -1;
        }
        int first = buf[at] & 0xFF;
        if (first < ONE_BYTE_LENGTH_LIMIT) {
            return first <= available - 1 ? first : -1;
        }
        if (available < 2) {
            return -1;
        }
        int length = first + SECOND_LENGTH_BYTE_WEIGHT * (buf[at + 1] & 0xFF);
        return length <= available - 2 && length <= Opus.MAX_FRAME_BYTES ? length : -1;
    }

    private static int lengthBytes(byte first) {
        return (first & 0xFF) < ONE_BYTE_LENGTH_LIMIT ? 1 : 2;
    }
}
