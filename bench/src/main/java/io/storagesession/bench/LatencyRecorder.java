package io.storagesession.bench;

import java.util.Arrays;

/** Collects latency samples (ns) into a preallocated array and reports percentiles; one per event loop, no locks. */
final class LatencyRecorder {
    private final long[] samples;
    private int count;
    private long dropped;

    LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    void record(long nanos) {
        if (count < samples.length) {
            samples[count++] = nanos;
        } else {
            dropped++;
        }
    }

    int count() {
        return count;
    }

    static long[] merged(Iterable<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder r : recorders) {
            total += r.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.count);
            at += r.count;
        }
        Arrays.sort(all);
        return all;
    }

    static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
