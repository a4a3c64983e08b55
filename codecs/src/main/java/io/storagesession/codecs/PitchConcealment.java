package io.storagesession.codecs;

/**
 * Packet loss concealment for decoded mono speech, by pitch-period repetition (the approach of ITU-T G.711 Appendix I):
 * a lost frame is filled with the last pitch period of what was heard, repeated, holding its level for the first
 * {@link #HOLD_SAMPLES} and then fading smoothly by {@link #FADE_PER_STEP} every {@link #HOLD_SAMPLES}, to silence
 * after {@link #MAX_CONCEALED_SAMPLES}; the first frame after a loss is cross-faded from the repetition into the
 * decoded signal over {@link #OVERLAP_SAMPLES}, so neither the loss nor the return leaves a hole or a click.
 *
 * <p>Why here and not in the decoder: FFmpeg's own Opus decoder, which decodes a 20 ms voice frame four times faster
 * than the libopus of the FFmpeg build this server ships (about 20 µs against 80 µs, and decoding is most of what four
 * people talking at once cost), has no loss concealment: a lost frame decodes to silence. The mixer conceals per input
 * frame before mixing, so the listeners hear the repetition inside their mix.
 *
 * <p>The pitch period is the lag, between {@link #MIN_PERIOD} and {@link #MAX_PERIOD} samples (500 Hz down to
 * 67 Hz), that best correlates the last {@link #WINDOW} samples with the ones before them (normalised
 * cross-correlation), found once per loss. A pure tone keeps its frequency (any multiple of its period repeats it).
 * Allocation-free: fixed arrays, one instance per decoder, confined to its thread.
 */
final class PitchConcealment {
    /** 48 kHz: 2 ms, the shortest period searched (500 Hz, above any speaking voice's fundamental). */
    static final int MIN_PERIOD = 96;
    /** 15 ms, the longest period searched (67 Hz, below any speaking voice's fundamental). */
    static final int MAX_PERIOD = 720;
    /** 10 ms of signal compared with the signal one period earlier. */
    static final int WINDOW = 480;
    /** Decoded samples kept: the longest period before the compared window. */
    static final int HISTORY = MAX_PERIOD + WINDOW;
    /** Concealment holds the last level this long, then fades a step per as many samples (G.711 App. I: 10 ms). */
    static final int HOLD_SAMPLES = 480;
    /** Each fading step keeps this share of the level (G.711 App. I lowers it by 20 % per 10 ms). */
    static final float FADE_PER_STEP = 0.8f;
    /** Beyond this much concealment (100 ms) nothing sensible is left to repeat: silence until the next frame. */
    static final int MAX_CONCEALED_SAMPLES = 4_800;
    /** The coarse pitch search runs at 12 kHz: sums of four samples. */
    static final int DECIMATION = 4;
    /** 2 ms of cross-fade from the repetition into the first decoded frame after a loss. */
    static final int OVERLAP_SAMPLES = 96;

    private final short[] history = new short[HISTORY];
    /** The history at a quarter of the rate, and at the full rate, for the pitch search. */
    private final int[] coarse = new int[HISTORY / DECIMATION];
    private final int[] full = new int[HISTORY];
    private int held;
    private int period;
    /** Samples concealed since the last decoded frame; 0 when the last frame was decoded. */
    private int concealed;

    /** Whether anything was decoded yet (there is something to repeat). */
    boolean hasHistory() {
        return held > 0;
    }

    /**
     * A frame was decoded into {@code pcm[0, count)}: cross-fades its start from the repetition when it follows a loss,
     * then keeps its end as the history the next loss repeats.
     */
    void decoded(short[] pcm, int count) {
        if (concealed > 0) {
            int overlap = Math.min(OVERLAP_SAMPLES, count);
            for (int i = 0; i < overlap; i++) {
                float weight = (i + 1) / (float) (overlap + 1);
                float repeated = repetition(concealed + i);
                pcm[i] = Opus.clip16(pcm[i] * weight + repeated * (1 - weight));
            }
            concealed = 0;
        }
        remember(pcm, count);
    }

    /** Fills {@code pcm[0, count)} with the repetition of the last pitch period, fading as the loss goes on. */
    void conceal(short[] pcm, int count) {
        if (concealed == 0) {
            period = pitchPeriod();
        }
        for (int i = 0; i < count; i++) {
            pcm[i] = Opus.clip16(repetition(concealed + i));
        }
        concealed += count;
    }

    /** The repeated signal {@code at} samples into the loss, with its fade. */
    private float repetition(int at) {
        if (at >= MAX_CONCEALED_SAMPLES || held < period) {
            return 0;
        }
        // Held, then an exponential fade that is continuous (a stepped one would click at every step).
        double gain = at < HOLD_SAMPLES ? 1 : Math.pow(FADE_PER_STEP, (at - HOLD_SAMPLES) / (double) HOLD_SAMPLES);
        return (float) (history[HISTORY - period + at % period] * gain);
    }

    /**
     * The lag that best repeats the recent signal, or the shortest one when too little was heard to tell. Searched at
     * a quarter of the rate first (sums of four samples: every lag of the range for a sixteenth of the work), then
     * refined at the full rate around the best coarse lag, so a loss costs tens of microseconds, not hundreds.
     */
    private int pitchPeriod() {
        if (held < MIN_PERIOD + WINDOW) {
            return Math.min(MIN_PERIOD, held);
        }
        int maxLag = Math.min(MAX_PERIOD, held - WINDOW);
        for (int i = 0; i < HISTORY / DECIMATION; i++) {
            int at = i * DECIMATION;
            coarse[i] = history[at] + history[at + 1] + history[at + 2] + history[at + 3];
        }
        int coarseLag = bestLag(coarse, WINDOW / DECIMATION, MIN_PERIOD / DECIMATION, maxLag / DECIMATION)
                * DECIMATION;
        for (int i = 0; i < HISTORY; i++) {
            full[i] = history[i];
        }
        return bestLag(full, WINDOW, Math.max(MIN_PERIOD, coarseLag - DECIMATION),
                Math.min(maxLag, coarseLag + DECIMATION));
    }

    /**
     * The lag in {@code [minLag, maxLag]} whose normalised cross-correlation of the last {@code window} values of
     * {@code signal} with the values {@code lag} earlier is highest.
     */
    private static int bestLag(int[] signal, int window, int minLag, int maxLag) {
        int end = signal.length;
        double best = Double.NEGATIVE_INFINITY;
        int bestLag = minLag;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double cross = 0;
            double energy = 0;
            for (int i = end - window; i < end; i++) {
                double earlier = signal[i - lag];
                cross += signal[i] * earlier;
                energy += earlier * earlier;
            }
            double score = energy == 0 ? 0 : cross / Math.sqrt(energy);
            if (score > best) {
                best = score;
                bestLag = lag;
            }
        }
        return bestLag;
    }

    private void remember(short[] pcm, int count) {
        if (count >= HISTORY) {
            System.arraycopy(pcm, count - HISTORY, history, 0, HISTORY);
        } else {
            System.arraycopy(history, count, history, 0, HISTORY - count);
            System.arraycopy(pcm, 0, history, HISTORY - count, count);
        }
        held = Math.min(HISTORY, held + count);
    }
}
