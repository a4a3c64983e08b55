package io.storagesession.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process-wide metrics registry, rendered at {@code GET /metrics} in the Prometheus text format (0.0.4).
 * Each metric is declared once, by name, by the component that owns it; label values are added as they appear.
 * Lock-free for writers (LongAdder-based series) so any thread, event loop or media executor, may record. A writer
 * that records often to the same series (a session's per-tick flush) takes its {@link Series} once: adding to it
 * then allocates nothing, where {@code add(n, labels...)} builds a key list per call.
 */
public final class Metrics {
    private final Map<String, Metric> metrics = new ConcurrentSkipListMap<>();

    /** Declares (or returns the already declared) counter {@code name}. */
    public Counter counter(String name, String help, String... labelNames) {
        return (Counter) metrics.computeIfAbsent(name, n -> new Counter(n, help, labelNames));
    }

    /** Declares (or returns) a gauge whose series are set by their owners. */
    public Gauge gauge(String name, String help, String... labelNames) {
        return (Gauge) metrics.computeIfAbsent(name, n -> new Gauge(n, help, labelNames));
    }

    /** Declares (or returns) a histogram with the given upper bucket bounds (seconds or units of the metric). */
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return (Histogram) metrics.computeIfAbsent(name, n -> new Histogram(n, help, buckets, labelNames));
    }

    /**
     * The sum of every series of metric {@code name} right now, for samplers that chart the server as a whole (the
     * console's history): a counter's or gauge's values summed over their labels, a histogram's observation count;
     * 0 when nothing of that name is declared.
     */
    public long total(String name) {
        Metric metric = metrics.get(name);
        return metric == null ? 0 : metric.total();
    }

    /** The Prometheus exposition of every declared metric. */
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        for (Metric m : metrics.values()) {
            m.render(out);
        }
        return out.toString();
    }

    /** A metric with labelled series. */
    public abstract static class Metric {
        final String name;
        final String help;
        final String[] labelNames;

        Metric(String name, String help, String[] labelNames) {
            this.name = name;
            this.help = help;
            this.labelNames = labelNames.clone();
        }

        abstract void render(StringBuilder out);

        /** Every series summed (a histogram: its observations counted). */
        abstract long total();

        static long sum(Map<List<String>, LongAdder> series) {
            long total = 0;
            for (LongAdder adder : series.values()) {
                total += adder.sum();
            }
            return total;
        }

        String labels(List<String> values, String extraName, String extraValue) {
            if (labelNames.length == 0 && extraName == null) {
                return "";
            }
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < labelNames.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(labelNames[i]).append("=\"").append(escape(values.get(i))).append('"');
            }
            if (extraName != null) {
                if (labelNames.length > 0) {
                    b.append(',');
                }
                b.append(extraName).append("=\"").append(extraValue).append('"');
            }
            return b.append('}').toString();
        }

        List<String> key(String... values) {
            if (values.length != labelNames.length) {
                throw new IllegalArgumentException(name + " takes " + labelNames.length + " label values");
            }
            return List.of(values);
        }

        static String escape(String v) {
            return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }

        void header(StringBuilder out, String type) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
    }

    /** One labelled series of a counter or gauge, taken once and added to from any thread without allocating. */
    public static final class Series {
        private final LongAdder adder;

        Series(LongAdder adder) {
            this.adder = adder;
        }

        public void add(long n) {
            adder.add(n);
        }

        public long value() {
            return adder.sum();
        }
    }

    /**
     * A monotonically increasing count. Counting with no label or with a single one (per fragment, per allocation
     * each second) finds its series without building a key list or a varargs array, so it allocates nothing.
     */
    public static final class Counter extends Metric {
        private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> byOnlyLabel = new ConcurrentHashMap<>();
        private volatile LongAdder unlabelled;

        Counter(String name, String help, String[] labelNames) {
            super(name, help, labelNames);
        }

        public void inc(String... labelValues) {
            add(1, labelValues);
        }

        public void inc(String labelValue) {
            add(1, labelValue);
        }

        public void inc() {
            add(1);
        }

        /** Adds to the series of a counter without labels. */
        public void add(long n) {
            LongAdder adder = unlabelled;
            if (adder == null) {
                adder = series.computeIfAbsent(key(), k -> new LongAdder());
                unlabelled = adder;
            }
            adder.add(n);
        }

        /** Adds to the series of a counter with one label. */
        public void add(long n, String labelValue) {
            LongAdder adder = byOnlyLabel.get(labelValue);
            if (adder == null) {
                adder = series.computeIfAbsent(key(labelValue), k -> new LongAdder());
                byOnlyLabel.put(labelValue, adder);
            }
            adder.add(n);
        }

        /** The series of {@code labelValues}, declared now if new (it then renders as 0). */
        public Series series(String... labelValues) {
            return new Series(series.computeIfAbsent(key(labelValues), k -> new LongAdder()));
        }

        public void add(long n, String... labelValues) {
            series.computeIfAbsent(key(labelValues), k -> new LongAdder()).add(n);
        }

        public long value(String... labelValues) {
            var adder = series.get(key(labelValues));
            return adder == null ? 0 : adder.sum();
        }

        @Override
        long total() {
            return sum(series);
        }

        @Override
        void render(StringBuilder out) {
            header(out, "counter");
            series.forEach((k, v) -> out.append(name).append(labels(k, null, null)).append(' ').append(v.sum()).append('\n'));
        }
    }

    /** A value that goes up and down (connections, sessions). */
    public static final class Gauge extends Metric {
        private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();

        Gauge(String name, String help, String[] labelNames) {
            super(name, help, labelNames);
        }

        public void add(long delta, String... labelValues) {
            series.computeIfAbsent(key(labelValues), k -> new LongAdder()).add(delta);
        }

        /** The series of {@code labelValues}, declared now if new (it then renders as 0). */
        public Series series(String... labelValues) {
            return new Series(series.computeIfAbsent(key(labelValues), k -> new LongAdder()));
        }

        public long value(String... labelValues) {
            var adder = series.get(key(labelValues));
            return adder == null ? 0 : adder.sum();
        }

        @Override
        long total() {
            return sum(series);
        }

        @Override
        void render(StringBuilder out) {
            header(out, "gauge");
            series.forEach((k, v) -> out.append(name).append(labels(k, null, null)).append(' ').append(v.sum()).append('\n'));
        }
    }

    /** A cumulative histogram (Prometheus {@code _bucket}, {@code _sum}, {@code _count}). */
    public static final class Histogram extends Metric {
        private final double[] bounds;
        private final Map<List<String>, Buckets> series = new ConcurrentHashMap<>();

        Histogram(String name, String help, double[] bounds, String[] labelNames) {
            super(name, help, labelNames);
            this.bounds = bounds.clone();
        }

        public void observe(double value, String... labelValues) {
            Buckets s = series.computeIfAbsent(key(labelValues), k -> new Buckets(bounds.length));
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    s.buckets[i].increment();
                    break;
                }
            }
            s.count.increment();
            s.sum.add(value);
        }

        public long count(String... labelValues) {
            Buckets s = series.get(key(labelValues));
            return s == null ? 0 : s.count.sum();
        }

        @Override
        long total() {
            long total = 0;
            for (Buckets s : series.values()) {
                total += s.count.sum();
            }
            return total;
        }

        @Override
        void render(StringBuilder out) {
            header(out, "histogram");
            series.forEach((k, s) -> {
                long cumulative = 0;
                for (int i = 0; i < bounds.length; i++) {
                    cumulative += s.buckets[i].sum();
                    out.append(name).append("_bucket").append(labels(k, "le", Double.toString(bounds[i])))
                            .append(' ').append(cumulative).append('\n');
                }
                out.append(name).append("_bucket").append(labels(k, "le", "+Inf")).append(' ').append(s.count.sum()).append('\n');
                out.append(name).append("_sum").append(labels(k, null, null)).append(' ').append(s.sum.sum()).append('\n');
                out.append(name).append("_count").append(labels(k, null, null)).append(' ').append(s.count.sum()).append('\n');
            });
        }

        private static final class Buckets {
            final LongAdder[] buckets;
            final LongAdder count = new LongAdder();
            final DoubleAdder sum = new DoubleAdder();

            Buckets(int n) {
                List<LongAdder> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(new LongAdder());
                }
                buckets = list.toArray(new LongAdder[0]);
            }
        }
    }
}
