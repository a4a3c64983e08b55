package io.storagesession.metrics;

import io.storagesession.metrics.Metrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Publishes a session's plain {@code long} counters (the forwarder's, the mixer's) as one labelled Prometheus
 * counter, e.g. {@code kvs_media_video_events_total{event="retransmissions"}}: the media path keeps bumping plain
 * fields on its executor, and once per flush the increments since the last flush are added to the process-wide
 * series, off the packet path. The fields are found once, by reflection, when the export is made.
 */
public final class CounterExport {
    /** An export that publishes nothing, for planes built without metrics (tests, benchmarks). */
    public static final CounterExport NONE = new CounterExport();

    private final Metrics.Counter counter;
    private final Class<?> countersType;
    private final long intervalNanos;
    private final Field[] fields;
    private final String[] events;
    /** Each field's series, resolved on its first change: adding to it then allocates nothing (no label key). */
    private final Metrics.Series[] series;
    private final long[] published;

    private long lastFlushNanos;
    private boolean flushed;

    private CounterExport() {
        counter = null;
        countersType = null;
        intervalNanos = Long.MAX_VALUE;
        fields = new Field[0];
        events = new String[0];
        series = new Metrics.Series[0];
        published = new long[0];
    }

    private CounterExport(Metrics.Counter counter, Class<?> countersType, long intervalNanos) {
        List<Field> found = new ArrayList<>();
        for (Field field : countersType.getDeclaredFields()) {
            if (field.getType() == long.class && !Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                found.add(field);
            }
        }
        this.counter = counter;
        this.countersType = countersType;
        this.intervalNanos = intervalNanos;
        this.fields = found.toArray(Field[]::new);
        this.events = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            events[i] = kebab(fields[i].getName());
        }
        this.series = new Metrics.Series[fields.length];
        this.published = new long[fields.length];
    }

    /**
     * An export of every {@code long} field of {@code countersType} into {@code name{event=…}}, flushed at most once
     * per {@code interval} ({@code mixer.metrics-interval}).
     */
    public static CounterExport of(Metrics metrics, String name, String help, Class<?> countersType, Duration interval) {
        return new CounterExport(metrics.counter(name, help, "event"), countersType, interval.toNanos());
    }

    /** A fresh export for one session's counters object, sharing the series. */
    public CounterExport forSession() {
        return counter == null ? NONE : new CounterExport(counter, countersType, intervalNanos);
    }

    /** Flushes when the interval has passed since the last flush; call from the plane's tick. */
    public void tick(Object counters, long nanoTime) {
        if (counter != null && (!flushed || nanoTime - lastFlushNanos >= intervalNanos)) {
            flushed = true;
            lastFlushNanos = nanoTime;
            flush(counters);
        }
    }

    /** Adds what each field gained since the last flush. Call on the executor that writes the counters. */
    public void flush(Object counters) {
        if (counter == null) {
            return;
        }
        for (int i = 0; i < fields.length; i++) {
            long value;
            try {
                value = fields[i].getLong(counters);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (value != published[i]) {
                if (series[i] == null) {
                    series[i] = counter.series(events[i]);
                }
                series[i].add(value - published[i]);
                published[i] = value;
            }
        }
    }

    /** {@code retransmissionsRefused} → {@code retransmissions-refused}. */
    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
