package io.storagesession.codecs;

/**
 * Test signals and their analysis: a sine generator, and the Goertzel algorithm (a single DFT bin evaluated by a
 * second-order recurrence) to measure how much of a signal's power sits at one frequency.
 */
public final class Tone {
    private Tone() {
    }

    /** Fills {@code pcm} with a sine of {@code hz} at {@code amplitude}, continuing from sample {@code start}. */
    public static void fill(short[] pcm, double hz, int amplitude, long start) {
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (start + i) / Opus.SAMPLE_RATE));
        }
    }

    /** Power of {@code pcm[from, from + n)} at {@code hz}, normalised so a full-length sine of amplitude A gives A²/4. */
    public static double power(short[] pcm, int from, int n, double hz) {
        double w = 2 * Math.PI * hz / Opus.SAMPLE_RATE;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double s0 = pcm[from + i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return power / ((double) n * n);
    }

    /** Mean power of {@code pcm[from, from + n)}. */
    public static double total(short[] pcm, int from, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) pcm[from + i] * pcm[from + i];
        }
        return sum / n;
    }

    /** The amplitude a Goertzel power corresponds to (power = A²/4). */
    public static double amplitude(double power) {
        return 2 * Math.sqrt(power);
    }

    /** The frequency with the most power among {@code candidates}. */
    public static double strongest(short[] pcm, int from, int n, double... candidates) {
        double best = candidates[0];
        double bestPower = -1;
        for (double hz : candidates) {
            double p = power(pcm, from, n, hz);
            if (p > bestPower) {
                bestPower = p;
                best = hz;
            }
        }
        return best;
    }
}
