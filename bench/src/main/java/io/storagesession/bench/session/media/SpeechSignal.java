package io.storagesession.bench.session.media;

import io.storagesession.codecs.Opus;

/**
 * A voiced-speech-like signal: a gliding fundamental with two harmonics, shaped into syllables (4 per second) with
 * short pauses between phrases, so the levels a talker sends vary as a voice's do and the mixer's activity detection
 * sees both speech and gaps.
 */
final class SpeechSignal {
    private static final double FUNDAMENTAL_HZ = 180;
    private static final double GLIDE_HZ = 40;
    private static final double GLIDE_RATE_HZ = 0.3;
    private static final double SYLLABLE_HZ = 4;
    /** A phrase of this many seconds, of which the last {@link #PAUSE_SECONDS} are quiet. */
    private static final double PHRASE_SECONDS = 2.5;
    private static final double PAUSE_SECONDS = 0.4;
    private static final int AMPLITUDE = 9_000;
    /** The sum of the harmonic weights 1 + 0.5 + 0.25, so the peak stays at the amplitude. */
    private static final double HARMONIC_SUM = 1.75;

    private SpeechSignal() {
    }

    /** Writes 20 ms frame number {@code frame} of the signal into {@code pcm}. */
    static void fill(short[] pcm, int frame) {
        for (int i = 0; i < Opus.FRAME_SAMPLES; i++) {
            double t = (double) (frame * Opus.FRAME_SAMPLES + i) / Opus.SAMPLE_RATE;
            boolean pause = t % PHRASE_SECONDS > PHRASE_SECONDS - PAUSE_SECONDS;
            double envelope = pause ? 0.01 : Math.abs(Math.sin(Math.PI * SYLLABLE_HZ * t));
            double f0 = FUNDAMENTAL_HZ + GLIDE_HZ * Math.sin(2 * Math.PI * GLIDE_RATE_HZ * t);
            double phase = 2 * Math.PI * f0 * t;
            double s = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
            pcm[i] = (short) (AMPLITUDE * envelope * s / HARMONIC_SUM);
        }
    }
}
