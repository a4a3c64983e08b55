package io.storagesession.mixer;

/**
 * Brings a sum of voices back into 16 bits without clipping and without a time-varying gain: samples below the knee
 * pass untouched, and the excess above it is compressed along {@code e·r/(e + r)}, a curve that leaves the knee with
 * slope 1 and approaches full scale without reaching it. Being memoryless it cannot pump (no attack or release to
 * breathe with the speech); the cost is a little harmonic distortion on peaks above the knee only, which several
 * people talking at once at full scale rarely reach. Allocation-free.
 */
final class SoftLimiter {
    private final int knee;
    private final int range;

    /** @param kneeDbfs where compression starts, in dB relative to full scale (negative) */
    SoftLimiter(double kneeDbfs) {
        if (kneeDbfs >= 0) {
            throw new IllegalArgumentException("the limiter knee must be below full scale, not " + kneeDbfs + " dBFS");
        }
        this.knee = (int) Math.round(Short.MAX_VALUE * Math.pow(10, kneeDbfs / 20));
        this.range = Short.MAX_VALUE - knee;
    }

    /** {@code out[i] = limit(sum[i])} for {@code i < n}. */
    void limit(int[] sum, short[] out, int n) {
        for (int i = 0; i < n; i++) {
            int x = sum[i];
            int magnitude = Math.abs(x);
            if (magnitude <= knee) {
                out[i] = (short) x;
            } else {
                long excess = magnitude - knee;
                int y = knee + (int) (excess * range / (excess + range));
                out[i] = (short) (x < 0 ? -y : y);
            }
        }
    }
}
