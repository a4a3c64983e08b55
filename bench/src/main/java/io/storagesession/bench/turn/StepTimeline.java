package io.storagesession.bench.turn;

import java.util.function.LongConsumer;

/**
 * Warm-up, measured window, drain: the phases of one benchmark step, and the hooks run on the client thread when the
 * measured window opens and closes (they sample the server's CPU time, so it covers exactly the measured traffic).
 */
final class StepTimeline {
    enum Phase { WARMUP, MEASURE, DRAIN, DONE }

    private final long warmupNanos;
    private final long measureNanos;
    private final long drainNanos;
    private final LongConsumer onMeasureStart;
    private final LongConsumer onMeasureEnd;
    private long measureStart;
    private long measureEnd;
    private Phase current = Phase.WARMUP;

    StepTimeline(double warmupSeconds, double measureSeconds, double drainSeconds, LongConsumer onMeasureStart,
                 LongConsumer onMeasureEnd) {
        this.warmupNanos = (long) (warmupSeconds * 1e9);
        this.measureNanos = (long) (measureSeconds * 1e9);
        this.drainNanos = (long) (drainSeconds * 1e9);
        this.onMeasureStart = onMeasureStart;
        this.onMeasureEnd = onMeasureEnd;
    }

    void begin(long startNanos) {
        measureStart = startNanos + warmupNanos;
        measureEnd = measureStart + measureNanos;
        current = Phase.WARMUP;
    }

    /** The phase at {@code now}; crossing into or out of the measured window runs its hook once. */
    Phase phaseAt(long now) {
        Phase next = now < measureStart ? Phase.WARMUP
                : now < measureEnd ? Phase.MEASURE
                : now < measureEnd + drainNanos ? Phase.DRAIN : Phase.DONE;
        if (current == Phase.WARMUP && next != Phase.WARMUP) {
            onMeasureStart.accept(now);
        }
        if ((current == Phase.WARMUP || current == Phase.MEASURE) && next.compareTo(Phase.MEASURE) > 0) {
            onMeasureEnd.accept(now);
        }
        current = next;
        return next;
    }
}
