package io.storagesession.recorder.mkv;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.OpusHead;
import io.storagesession.codecs.mkv.MatroskaCodecIds;

/**
 * Track 2: the session's audio mix, as {@code A_OPUS} (what WebRTC carries; kept where the target plays it) or
 * {@code A_AAC} (the only audio KVS HLS/DASH/GetClip accept, KVS-WIRE.md §3 and §5).
 *
 * @param codecDelayNanos Matroska CodecDelay (RFC 9559 §5.1.4.1, "CodecDelay"), 0 when not written
 * @param seekPreRollNanos Matroska SeekPreRoll, 0 when not written
 */
public record AudioTrack(String codecId, int samplingFrequency, int channels, byte[] codecPrivate,
                         long codecDelayNanos, long seekPreRollNanos) {
    public static final String OPUS_CODEC_ID = MatroskaCodecIds.OPUS;
    public static final String AAC_CODEC_ID = MatroskaCodecIds.AAC;
    public static final String NAME = "kinesis_audio";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /**
     * Matroska's Opus mapping: SeekPreRoll is 80 ms, the decoder's convergence time after a seek (RFC 7845 §4.6
     * recommends at least 3840 samples = 80 ms of pre-roll).
     */
    public static final long OPUS_SEEK_PRE_ROLL_NANOS = 80_000_000L;

    public AudioTrack {
        codecPrivate = codecPrivate.clone();
    }

    /** Opus: CodecPrivate is the OpusHead; CodecDelay is its pre-skip in nanoseconds (Matroska's Opus mapping). */
    public static AudioTrack opus(int channels) {
        long codecDelay = OpusHead.PRE_SKIP_SAMPLES * NANOS_PER_SECOND / OpusHead.SAMPLE_RATE;
        return new AudioTrack(OPUS_CODEC_ID, OpusHead.SAMPLE_RATE, channels, OpusHead.of(channels), codecDelay,
                OPUS_SEEK_PRE_ROLL_NANOS);
    }

    /** AAC LC: CodecPrivate is the 2-byte AudioSpecificConfig; no CodecDelay. */
    public static AudioTrack aacLc(int sampleRate, int channels) {
        return new AudioTrack(AAC_CODEC_ID, sampleRate, channels, AudioSpecificConfig.aacLc(sampleRate, channels),
                0, 0);
    }

    @Override
    public byte[] codecPrivate() {
        return codecPrivate.clone();
    }

    /** CodecDelay and SeekPreRoll are Matroska v4 elements; their presence raises the DocTypeVersion. */
    boolean usesVersion4Elements() {
        return codecDelayNanos > 0 || seekPreRollNanos > 0;
    }
}
