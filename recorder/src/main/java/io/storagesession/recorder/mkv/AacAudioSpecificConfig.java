package io.storagesession.recorder.mkv;

/**
 * The 2-byte AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) that {@code A_AAC} tracks carry as CodecPrivate
 * (KVS-WIRE.md §5): 5 bits audio object type, 4 bits sampling frequency index, 4 bits channel configuration, then
 * the GASpecificConfig's three zero flags (1024-sample frames, no core coder, no extension).
 */
public final class AacAudioSpecificConfig {
    public static final int LENGTH = 2;
    /** ISO/IEC 14496-3 Table 1.1: object type 2 is AAC LC, what KVS HLS/DASH/GetClip play. */
    public static final int OBJECT_TYPE_AAC_LC = 2;
    /** ISO/IEC 14496-3 Table 1.18: the sampling frequency index table, in order. */
    private static final int[] SAMPLING_FREQUENCIES = {
        96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350
    };
    private static final int FREQUENCY_INDEX_BITS = 4;
    private static final int CHANNEL_CONFIGURATION_BITS = 4;
    private static final int GA_SPECIFIC_FLAG_BITS = 3;
    /** Channel configurations 1 (mono) and 2 (stereo) are what the recorder's mix produces. */
    public static final int MAX_CHANNELS = 2;
    private static final int BYTE_MASK = 0xFF;

    private AacAudioSpecificConfig() {
    }

    /** AAC LC at {@code sampleRate} with 1 or 2 channels. */
    public static byte[] aacLc(int sampleRate, int channels) {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("AAC LC here is mono or stereo, not " + channels + " channels");
        }
        int frequencyIndex = frequencyIndex(sampleRate);
        int bits = OBJECT_TYPE_AAC_LC;
        bits = (bits << FREQUENCY_INDEX_BITS) | frequencyIndex;
        bits = (bits << CHANNEL_CONFIGURATION_BITS) | channels;
        bits <<= GA_SPECIFIC_FLAG_BITS;
        return new byte[] {(byte) ((bits >>> Byte.SIZE) & BYTE_MASK), (byte) (bits & BYTE_MASK)};
    }

    private static int frequencyIndex(int sampleRate) {
        for (int i = 0; i < SAMPLING_FREQUENCIES.length; i++) {
            if (SAMPLING_FREQUENCIES[i] == sampleRate) {
                return i;
            }
        }
        throw new IllegalArgumentException("no AAC sampling frequency index for " + sampleRate + " Hz");
    }
}
