package io.storagesession.codecs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Opus identification header (RFC 7845 §5.1), which Matroska's Opus mapping stores as the track's CodecPrivate:
 * the recorder writes it, the store reads it back to describe the track in HLS (its fields become the ISOBMFF
 * {@code dOps} box). Written with mapping family 0 (mono or stereo, no channel mapping table), so the header the
 * server writes is always {@value #LENGTH} bytes; read from uploads, it may carry any family.
 */
public final class OpusHead {
    /** RFC 7845 §5.1: magic, version, channels, pre-skip, input rate, output gain, mapping family. */
    public static final int LENGTH = 19;
    private static final byte[] MAGIC = "OpusHead".getBytes(StandardCharsets.US_ASCII);
    /** RFC 7845 §5.1: version 1 (the major version in the upper nibble must be 0). */
    private static final int VERSION = 1;
    /** Samples at 48 kHz the decoder discards at the start; 312 is libopus' lookahead, what its encoder reports. */
    public static final int PRE_SKIP_SAMPLES = 312;
    /** Opus always decodes at 48 kHz (RFC 7845 §5.1 "Input Sample Rate" is informative only). */
    public static final int SAMPLE_RATE = 48_000;
    private static final int OUTPUT_GAIN = 0;
    /** RFC 7845 §5.1.1.1: family 0 allows one or two channels and omits the mapping table. */
    private static final int MAPPING_FAMILY_MONO_STEREO = 0;
    public static final int MAX_CHANNELS_FAMILY_0 = 2;
    /** Byte offsets of the fields (RFC 7845 §5.1), all little-endian. */
    public static final int CHANNELS = 9;
    public static final int PRE_SKIP = 10;
    public static final int INPUT_RATE = 12;
    public static final int OUTPUT_GAIN_OFFSET = 16;
    public static final int MAPPING_FAMILY = 18;
    /** Where a family other than 0 starts its mapping table: stream count, coupled count, one byte per channel. */
    public static final int MAPPING_TABLE = 19;

    private OpusHead() {
    }

    public static byte[] of(int channels) {
        if (channels < 1 || channels > MAX_CHANNELS_FAMILY_0) {
            throw new IllegalArgumentException("Opus mapping family 0 carries 1 or 2 channels, not " + channels);
        }
        ByteBuffer head = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC)
                .put((byte) VERSION)
                .put((byte) channels)
                .putShort((short) PRE_SKIP_SAMPLES)
                .putInt(SAMPLE_RATE)
                .putShort((short) OUTPUT_GAIN)
                .put((byte) MAPPING_FAMILY_MONO_STEREO);
        return head.array();
    }

    /** Whether {@code head} is long enough for the fixed fields and starts and ends its magic as "OpusHead" does. */
    public static boolean looksLikeOne(byte[] head) {
        return head.length >= LENGTH && head[0] == MAGIC[0] && head[MAGIC.length - 1] == MAGIC[MAGIC.length - 1];
    }

    /** The channel count; the caller checked the header reaches it. */
    public static int channels(byte[] head) {
        return head[CHANNELS] & 0xFF;
    }

    /** The mapping family (RFC 7845 §5.1.1); the caller checked the header is whole. */
    public static int mappingFamily(byte[] head) {
        return head[MAPPING_FAMILY] & 0xFF;
    }

    /** An unsigned little-endian field of {@code bytes} bytes at {@code at}. */
    public static long field(byte[] head, int at, int bytes) {
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = value << Byte.SIZE | (head[at + i] & 0xFF);
        }
        return value;
    }
}
