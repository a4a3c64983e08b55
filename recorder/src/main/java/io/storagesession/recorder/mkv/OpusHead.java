package io.storagesession.recorder.mkv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The Opus identification header (RFC 7845 §5.1), which Matroska's Opus mapping stores as the track's CodecPrivate.
 * Mapping family 0 (mono or stereo, no channel mapping table), so the header is always {@value #LENGTH} bytes.
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
}
