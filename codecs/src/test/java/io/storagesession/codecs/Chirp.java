package io.storagesession.codecs;

/** A linear frequency sweep, whose cross-correlation with itself peaks at exactly one lag: a timeline probe. */
final class Chirp {
    private Chirp() {
    }

    /** Fills {@code pcm} with a sweep from {@code fromHz} to {@code toHz} over its length. */
    static void fill(short[] pcm, double fromHz, double toHz, int amplitude, int sampleRate) {
        double seconds = (double) pcm.length / sampleRate;
        double rate = (toHz - fromHz) / seconds;
        for (int i = 0; i < pcm.length; i++) {
            double t = (double) i / sampleRate;
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * (fromHz * t + rate * t * t / 2)));
        }
    }

    /**
     * The lag, within {@code ±range}, at which {@code decoded} best matches {@code input}, given that
     * {@code decoded[i]} is expected at {@code input[i - shift]}: 0 when the shift is exactly right.
     */
    static int bestLag(short[] input, short[] decoded, int shift, int range) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int lag = -range; lag <= range; lag++) {
            double score = 0;
            for (int i = range; i < input.length - range; i++) {
                int d = i + shift + lag;
                if (d >= 0 && d < decoded.length) {
                    score += (double) input[i] * decoded[d];
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = lag;
            }
        }
        return best;
    }
}
