package io.storagesession.bench.media;

import io.storagesession.codecs.Opus;

/**
 * One second of a voiced-speech-like mix for encoder benchmarks: a fundamental and two harmonics, slowly modulated,
 * as 20 ms chunks of 48 kHz mono PCM. Silence would flatter the encoders.
 */
final class SpeechLikeSignal {
    /** Chunks in the loop replayed by a benchmark: one second. */
    static final int CHUNKS = Opus.SAMPLE_RATE / Opus.FRAME_SAMPLES;
    private static final double FUNDAMENTAL_HZ = 210;
    private static final double MODULATION_HZ = 3;
    private static final int AMPLITUDE = 6_000;
    /** The sum of the harmonic weights 1 + 0.5 + 0.25, so the peak stays at the amplitude. */
    private static final double HARMONIC_SUM = 1.75;

    private SpeechLikeSignal() {
    }

    static short[][] chunks() {
        short[][] chunks = new short[CHUNKS][Opus.FRAME_SAMPLES];
        for (int c = 0; c < CHUNKS; c++) {
            for (int i = 0; i < Opus.FRAME_SAMPLES; i++) {
                double t = (double) (c * Opus.FRAME_SAMPLES + i) / Opus.SAMPLE_RATE;
                double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * MODULATION_HZ * t);
                double s = Math.sin(2 * Math.PI * FUNDAMENTAL_HZ * t) + 0.5 * Math.sin(4 * Math.PI * FUNDAMENTAL_HZ * t)
                        + 0.25 * Math.sin(6 * Math.PI * FUNDAMENTAL_HZ * t);
                chunks[c][i] = (short) (AMPLITUDE * envelope * s / HARMONIC_SUM);
            }
        }
        return chunks;
    }
}
