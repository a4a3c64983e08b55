package io.storagesession.codecs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * The {@code codecs.aac} block of reference.conf (every key is documented there), checked when read so a bad value
 * fails when the recorder starts, not when its first recording does.
 *
 * @param encoder    the FFmpeg encoder's name ({@code aac}: FFmpeg's native AAC LC encoder)
 * @param coder      the native encoder's {@code aac_coder}: {@code twoloop} or {@code fast}
 * @param sampleRate input and stream sample rate, one with an AAC sampling frequency index
 * @param channels   1 or 2; two-channel input is interleaved
 * @param bitRate    target bits per second of the whole stream
 * @param maxGap     the largest forward jump in input timestamps filled with silence
 */
public record AacSettings(String encoder, String coder, int sampleRate, int channels, int bitRate, Duration maxGap) {
    /** AAC LC's channel configurations 1 and 2 (ISO/IEC 14496-3 Table 1.19): what an A_AAC mix track declares. */
    public static final int MAX_CHANNELS = 2;
    /**
     * ISO/IEC 14496-3 Table 1.18, the rates with a sampling frequency index: the 2-byte AudioSpecificConfig has no
     * room for any other rate.
     */
    private static final long MILLIS_PER_SECOND = 1000;
    private static final int[] INDEXED_RATES = {
        96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350
    };

    public AacSettings {
        check(encoder != null && !encoder.isBlank(), "encoder must name an FFmpeg encoder");
        check(coder != null && !coder.isBlank(), "coder must name one of the encoder's aac_coder values");
        check(indexed(sampleRate), "sample-rate must have an AAC sampling frequency index (ISO/IEC 14496-3 Table "
                + "1.18), not " + sampleRate);
        check(channels >= 1 && channels <= MAX_CHANNELS, "channels must be 1-" + MAX_CHANNELS + ", not " + channels);
        check(bitRate > 0, "bit-rate must be positive, not " + bitRate);
        check(maxGap != null && !maxGap.isNegative(), "max-gap must not be negative");
    }

    /** Reads the {@code codecs.aac} block of this configuration. */
    public static AacSettings from(Config config) {
        Config c = config.getConfig("codecs.aac");
        return new AacSettings(c.getString("encoder"), c.getString("coder"), c.getInt("sample-rate"), c.getInt("channels"),
                c.getInt("bit-rate"), c.getDuration("max-gap"));
    }

    /** The defaults of reference.conf. */
    public static AacSettings defaults() {
        return from(ConfigFactory.defaultReference());
    }

    /** {@link #maxGap} in samples per channel at {@link #sampleRate}. */
    long maxGapSamples() {
        long millis = maxGap.toMillis();
        return millis > Long.MAX_VALUE / sampleRate ? Long.MAX_VALUE : millis * sampleRate / MILLIS_PER_SECOND;
    }

    private static boolean indexed(int rate) {
        for (int r : INDEXED_RATES) {
            if (r == rate) {
                return true;
            }
        }
        return false;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("codecs.aac." + message);
        }
    }
}
