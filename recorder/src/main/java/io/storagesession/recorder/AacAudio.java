package io.storagesession.recorder;

import io.storagesession.codecs.AacEncoder;
import io.storagesession.codecs.AacFrameSink;
import io.storagesession.codecs.AacSettings;
import io.storagesession.recorder.mkv.AudioTrack;

/**
 * The recording's audio as AAC-LC ({@code A_AAC}, the audio KVS's own HLS, DASH and GetClip play): the full mix's PCM
 * through FFmpeg's native encoder ({@link AacEncoder}). The mix's frames carry absolute times in ms; they become the
 * encoder's sample clock (ms × rate / 1000), and each AAC frame comes back with the time of the samples it decodes to
 * (ISO/IEC 14496-3: 1024 per frame, the first one 1024 samples of priming ahead), which is its block's timecode. A
 * step back or a gap longer than {@code codecs.aac.max-gap} on the mix's clock cannot continue the encoder's
 * timeline: the encoder is flushed and a new one starts there. Confined to the session executor.
 */
final class AacAudio implements RecordedAudio, AacFrameSink {
    private static final long MILLIS_PER_SECOND = 1000;
    private final AacSettings settings;
    private final AudioTrack track;
    private AacEncoder encoder;
    private Frames out;
    private long expectedSamples = Long.MIN_VALUE;

    AacAudio(AacSettings settings) {
        this.settings = settings;
        this.track = AudioTrack.aacLc(settings.sampleRate(), settings.channels());
    }

    @Override
    public AudioTrack track() {
        return track;
    }

    @Override
    public void mixed(long timecode, short[] pcm, byte[] opus, int off, int len, Frames frames) {
        long samples = timecode * settings.sampleRate() / MILLIS_PER_SECOND;
        if (encoder != null && (samples < expectedSamples
                || samples - expectedSamples > settings.maxGap().toMillis() * settings.sampleRate() / MILLIS_PER_SECOND)) {
            flush(frames);
        }
        if (encoder == null) {
            encoder = new AacEncoder(settings, this);
        }
        out = frames;
        encoder.encode(pcm, 0, pcm.length, samples);
        expectedSamples = samples + pcm.length / settings.channels();
    }

    @Override
    public void accept(byte[] frame, int offset, int length, long ptsSamples) {
        out.audio(Math.floorDiv(ptsSamples * MILLIS_PER_SECOND + settings.sampleRate() / 2, settings.sampleRate()),
                frame, offset, length);
    }

    @Override
    public void flush(Frames frames) {
        if (encoder != null) {
            out = frames;
            encoder.flush();
            encoder.close();
            encoder = null;
        }
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }
}
