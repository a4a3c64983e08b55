package io.storagesession.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The recent past of a few server-wide figures, for charts (the console's server page): named probes, each read once
 * per {@link #sample}, kept in a ring of a fixed number of samples, so the history costs the same after a day as after
 * an hour. The caller decides the capacity and calls {@link #sample} on its own timer, at its own interval.
 *
 * <p>Every value kept is finite: charts and JSON have no NaN or infinity, so a probe that reads one (a CPU load the
 * JVM cannot tell yet) is kept as 0, and so are the samples taken before a probe was registered.
 *
 * <p>Threads: {@link #probe} and {@link #sample} (rare: once per interval) take this object's monitor; readers never
 * do: each sample publishes an immutable {@link Samples}, which {@link #samples()} returns as it is.
 */
public final class MetricsHistory {
    private final int capacity;
    private final long[] times;
    /** Probes and their rings, in the order they were registered. Guarded by this. */
    private final Map<String, Probe> probes = new LinkedHashMap<>();
    /** Where the next sample goes. Guarded by this. */
    private int next;
    /** Samples kept, up to {@link #capacity}. Guarded by this. */
    private int count;
    private volatile Samples latest = new Samples(new long[0], Map.of());

    /** @param capacity how many samples are kept: the oldest is forgotten when one more is taken */
    public MetricsHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history keeps at least one sample, not " + capacity);
        }
        this.capacity = capacity;
        this.times = new long[capacity];
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Registers (or replaces) the probe {@code name}: it is read by every later {@link #sample}; the samples already
     * taken hold 0 for it.
     */
    public synchronized void probe(String name, DoubleSupplier probe) {
        Probe existing = probes.get(name);
        if (existing != null) {
            existing.reader = probe;
        } else {
            probes.put(name, new Probe(probe, new double[capacity]));
        }
    }

    /** Reads every probe once and keeps the values as the sample of {@code epochMillis}. */
    public synchronized void sample(long epochMillis) {
        times[next] = epochMillis;
        for (Probe probe : probes.values()) {
            double value = probe.reader.getAsDouble();
            probe.ring[next] = Double.isFinite(value) ? value : 0;
        }
        next = (next + 1) % capacity;
        count = Math.min(count + 1, capacity);
        latest = copy();
    }

    /** The samples kept, oldest first, as of the last {@link #sample}. */
    public Samples samples() {
        return latest;
    }

    private Samples copy() {
        int oldest = count < capacity ? 0 : next;
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Map.Entry<String, Probe> e : probes.entrySet()) {
            series.put(e.getKey(), oldestFirst(e.getValue().ring, oldest));
        }
        long[] t = new long[count];
        for (int i = 0; i < count; i++) {
            t[i] = times[(oldest + i) % capacity];
        }
        return new Samples(t, series);
    }

    private double[] oldestFirst(double[] ring, int oldest) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = ring[(oldest + i) % capacity];
        }
        return out;
    }

    private static final class Probe {
        DoubleSupplier reader;
        final double[] ring;

        Probe(DoubleSupplier reader, double[] ring) {
            this.reader = reader;
            this.ring = ring;
        }
    }

    /**
     * The samples of a moment, oldest first: their times and one series per probe, each as long as the times.
     * Immutable: the accessors return copies.
     */
    public static final class Samples {
        private final long[] times;
        private final Map<String, double[]> series;

        private Samples(long[] times, Map<String, double[]> series) {
            this.times = times;
            this.series = series;
        }

        public int size() {
            return times.length;
        }

        /** When each sample was taken (the caller's epoch milliseconds). */
        public long[] times() {
            return times.clone();
        }

        /** The probes' names, in the order they were registered. */
        public Set<String> names() {
            return Collections.unmodifiableSet(series.keySet());
        }

        /** The values of probe {@code name}, one per time; zeros for a name that had no probe at any sample kept. */
        public double[] series(String name) {
            double[] values = series.get(name);
            return values == null ? new double[times.length] : values.clone();
        }
    }
}
