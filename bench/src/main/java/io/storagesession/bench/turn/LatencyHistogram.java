package io.storagesession.bench.turn;

/**
 * Latency counts in 1 µs buckets up to 100 ms (one overflow bucket beyond), so the relay loops can record every
 * packet without allocating or sorting; percentiles are read once at the end of a step. Not thread-safe: one per
 * loop thread, read after that thread has been joined.
 */
public final class LatencyHistogram {
    private static final int MAX_MICROS = 100_000;

    private final int[] counts = new int[MAX_MICROS + 1];
    private long total;
    private long maxNanos;

    public void record(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        counts[(int) Math.min(micros, MAX_MICROS)]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    public long count() {
        return total;
    }

    public double maxMillis() {
        return maxNanos / 1e6;
    }

    /** The {@code p}-th percentile in milliseconds (upper edge of its bucket), NaN when empty. */
    public double percentileMillis(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100 * total));
        long seen = 0;
        for (int micros = 0; micros < counts.length; micros++) {
            seen += counts[micros];
            if (seen >= rank) {
                return micros == MAX_MICROS ? maxMillis() : (micros + 1) / 1000.0;
            }
        }
        return maxMillis();
    }
}
