package io.storagesession.codecs;

import java.util.Arrays;

/**
 * The AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) that describes an AAC stream: an {@code A_AAC} track's Matroska
 * CodecPrivate (KVS-WIRE.md §5), an fMP4 {@code esds}'s DecoderSpecificInfo and the source of an ADTS header's fields.
 * The one place that builds it, reduces an encoder's to the form KVS expects, and reads its fields.
 *
 * <p>The 2-byte AAC LC form: 5 bits audio object type, 4 bits sampling frequency index, 4 bits channel configuration,
 * then the GASpecificConfig's three flags (frameLengthFlag, dependsOnCoreCoder, extensionFlag; §4.4.1). It is what the
 * KVS producer SDK writes and what a 2-byte-minded reader can parse.
 *
 * <p>FFmpeg's native encoder writes 5 bytes: the 2-byte config proper (object type 2, sampling frequency index,
 * channel configuration, then GASpecificConfig's three zero flags) followed by a backward-compatible extension,
 * syncExtensionType {@code 0x2B7} with extensionAudioObjectType 5 (SBR) and sbrPresentFlag 0 (§1.6.2.1 and §1.6.5,
 * "explicit backward compatible signalling"): it only tells an HE-AAC decoder that no SBR follows. A plain LC decoder
 * ignores it, and a decoder given the 2 bytes alone finds no SBR data in the stream either, so both forms decode the
 * same; {@link #aacLc(byte[])} keeps the 2 bytes.
 *
 * <p>The readers take the config as stored, possibly from an untrusted upload: they read the bytes where the fields
 * are and do not check the config further (a config shorter than the field read throws
 * {@link ArrayIndexOutOfBoundsException}); they allocate nothing, so they can run per frame.
 */
public final class AudioSpecificConfig {
    /** The config proper for AAC LC with an indexed sampling frequency: 5 + 4 + 4 + 3 bits. */
    public static final int AAC_LC_BYTES = 2;
    /** ISO/IEC 14496-3 Table 1.1: audio object type 2 is AAC LC (what KVS HLS/DASH/GetClip play); 5 is SBR. */
    public static final int OBJECT_TYPE_AAC_LC = 2;
    private static final int OBJECT_TYPE_SBR = 5;
    /** Channel configurations 1 (mono) and 2 (stereo) are what the recorder's mix produces. */
    public static final int MAX_CHANNELS = 2;
    /** §4.4.1: an AAC frame decodes to 1024 samples per channel, or 960 when frameLengthFlag is set. */
    public static final int FRAME_SAMPLES = 1024;
    public static final int SHORT_FRAME_SAMPLES = 960;
    /** ISO/IEC 14496-3 Table 1.18: the sampling frequency index table, in order. */
    private static final int[] SAMPLING_FREQUENCIES = {
        96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350
    };
    /** §1.6.2.1: the sync word announcing a backward-compatible extension after GASpecificConfig. */
    private static final int SYNC_EXTENSION_TYPE = 0x2B7;
    private static final int OBJECT_TYPE_BITS = 5;
    private static final int FREQUENCY_INDEX_BITS = 4;
    private static final int CHANNEL_CONFIGURATION_BITS = 4;
    private static final int GA_SPECIFIC_FLAG_BITS = 3;
    private static final int SYNC_EXTENSION_BITS = 11;
    /** Index 15 means "an explicit 24-bit frequency follows", which the 2-byte form cannot hold. */
    private static final int EXPLICIT_FREQUENCY_INDEX = 15;
    private static final int BYTE_MASK = 0xFF;
    /** Where the fields sit in the first two bytes: ooooofff fccccFxx (o object type, f frequency, c channels). */
    private static final int OBJECT_TYPE_SHIFT = 3;
    private static final int FREQUENCY_HIGH_MASK = 0x07;
    private static final int FREQUENCY_LOW_SHIFT = 7;
    private static final int CHANNELS_SHIFT = 3;
    private static final int CHANNELS_MASK = 0x0F;
    private static final int FRAME_LENGTH_FLAG_BYTE = 1;
    private static final int FRAME_LENGTH_FLAG_MASK = 0x04;

    private AudioSpecificConfig() {
    }

    /** The 2-byte AAC LC config at {@code sampleRate} with 1 or 2 channels (1024-sample frames, no extension). */
    public static byte[] aacLc(int sampleRate, int channels) {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("AAC LC here is mono or stereo, not " + channels + " channels");
        }
        int bits = OBJECT_TYPE_AAC_LC;
        bits = (bits << FREQUENCY_INDEX_BITS) | frequencyIndex(sampleRate);
        bits = (bits << CHANNEL_CONFIGURATION_BITS) | channels;
        bits <<= GA_SPECIFIC_FLAG_BITS;
        return new byte[] {(byte) ((bits >>> Byte.SIZE) & BYTE_MASK), (byte) (bits & BYTE_MASK)};
    }

    /** The audio object type (Table 1.1; 2 is AAC LC), from the first 5 bits. */
    public static int objectType(byte[] config) {
        return (config[0] & BYTE_MASK) >>> OBJECT_TYPE_SHIFT;
    }

    /** The sampling frequency index (Table 1.18), the 4 bits after the object type. */
    public static int samplingFrequencyIndex(byte[] config) {
        return ((config[0] & FREQUENCY_HIGH_MASK) << 1) | ((config[1] & BYTE_MASK) >>> FREQUENCY_LOW_SHIFT);
    }

    /** The channel configuration (Table 1.19; 1 mono, 2 stereo), the 4 bits after the frequency index. */
    public static int channelConfiguration(byte[] config) {
        return ((config[1] & BYTE_MASK) >>> CHANNELS_SHIFT) & CHANNELS_MASK;
    }

    /**
     * Samples per channel one frame decodes to: 960 when GASpecificConfig's frameLengthFlag is set, else 1024
     * (§4.4.1); 1024 for a config too short to hold the flag.
     */
    public static int frameSamples(byte[] config) {
        boolean shortFrames = config.length > FRAME_LENGTH_FLAG_BYTE
                && (config[FRAME_LENGTH_FLAG_BYTE] & FRAME_LENGTH_FLAG_MASK) != 0;
        return shortFrames ? SHORT_FRAME_SAMPLES : FRAME_SAMPLES;
    }

    /**
     * The 2-byte AAC LC config at the head of {@code extradata}.
     *
     * @throws IllegalStateException when {@code extradata} is not AAC LC with an indexed frequency and plain
     *     GASpecificConfig, or carries anything after it but the "no SBR" extension
     */
    static byte[] aacLc(byte[] extradata) {
        if (extradata.length < AAC_LC_BYTES) {
            throw new IllegalStateException("AudioSpecificConfig of " + extradata.length + " bytes is too short");
        }
        Bits bits = new Bits(extradata);
        int objectType = bits.read(OBJECT_TYPE_BITS);
        int frequencyIndex = bits.read(FREQUENCY_INDEX_BITS);
        bits.read(CHANNEL_CONFIGURATION_BITS);
        int gaFlags = bits.read(GA_SPECIFIC_FLAG_BITS);
        if (objectType != OBJECT_TYPE_AAC_LC || frequencyIndex == EXPLICIT_FREQUENCY_INDEX || gaFlags != 0) {
            throw new IllegalStateException("not a plain AAC LC AudioSpecificConfig: " + hex(extradata));
        }
        if (extradata.length > AAC_LC_BYTES && !(bits.read(SYNC_EXTENSION_BITS) == SYNC_EXTENSION_TYPE
                && bits.read(OBJECT_TYPE_BITS) == OBJECT_TYPE_SBR && bits.read(1) == 0)) {
            throw new IllegalStateException("AudioSpecificConfig extension other than \"no SBR\": " + hex(extradata));
        }
        return Arrays.copyOf(extradata, AAC_LC_BYTES);
    }

    private static int frequencyIndex(int sampleRate) {
        for (int i = 0; i < SAMPLING_FREQUENCIES.length; i++) {
            if (SAMPLING_FREQUENCIES[i] == sampleRate) {
                return i;
            }
        }
        throw new IllegalArgumentException("no AAC sampling frequency index for " + sampleRate + " Hz");
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b & BYTE_MASK));
        }
        return s.toString();
    }

    /** MSB-first bit reader; reads past the end give zeros, which no check above accepts as a valid extension. */
    private static final class Bits {
        private final byte[] bytes;
        private int position;

        Bits(byte[] bytes) {
            this.bytes = bytes;
        }

        int read(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                int index = position / Byte.SIZE;
                int bit = index < bytes.length ? (bytes[index] >>> (Byte.SIZE - 1 - position % Byte.SIZE)) & 1 : 0;
                value = (value << 1) | bit;
                position++;
            }
            return value;
        }
    }
}
