package io.storagesession.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The history keeps the last samples of its probes, oldest first, all finite, whenever each probe appeared. */
class MetricsHistoryTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long INTERVAL = 10_000;

    @Test
    void samplesComeOldestFirstUntilTheRingIsFull() {
        MetricsHistory history = new MetricsHistory(5);
        AtomicLong sessions = new AtomicLong();
        history.probe("sessions", sessions::get);
        assertThat(history.samples().size()).isZero();
        for (int i = 0; i < 3; i++) {
            sessions.set(10 + i);
            history.sample(T0 + i * INTERVAL);
        }
        MetricsHistory.Samples samples = history.samples();
        assertThat(samples.times()).containsExactly(T0, T0 + INTERVAL, T0 + 2 * INTERVAL);
        assertThat(samples.series("sessions")).containsExactly(10, 11, 12);
    }

    @Test
    void aFullRingForgetsItsOldestSamplesAndKeepsOrderAcrossTheWrap() {
        MetricsHistory history = new MetricsHistory(4);
        AtomicLong reads = new AtomicLong();
        history.probe("reads", () -> reads.incrementAndGet());
        for (int i = 0; i < 11; i++) {
            history.sample(T0 + i * INTERVAL);
        }
        MetricsHistory.Samples samples = history.samples();
        assertThat(samples.size()).isEqualTo(4);
        assertThat(samples.times()).containsExactly(T0 + 7 * INTERVAL, T0 + 8 * INTERVAL, T0 + 9 * INTERVAL,
                T0 + 10 * INTERVAL);
        assertThat(samples.series("reads")).as("each probe read once per sample").containsExactly(8, 9, 10, 11);
        assertThat(reads.get()).isEqualTo(11);
    }

    @Test
    void aProbeAddedLaterReadsZeroForTheSamplesTakenBeforeIt() {
        MetricsHistory history = new MetricsHistory(6);
        history.probe("a", () -> 1);
        history.sample(T0);
        history.sample(T0 + INTERVAL);
        history.probe("b", () -> 7);
        history.sample(T0 + 2 * INTERVAL);
        MetricsHistory.Samples samples = history.samples();
        assertThat(samples.names()).containsExactly("a", "b");
        assertThat(samples.series("a")).containsExactly(1, 1, 1);
        assertThat(samples.series("b")).containsExactly(0, 0, 7);
        assertThat(samples.series("never")).containsExactly(0, 0, 0);
    }

    @Test
    void aProbeAddedAfterTheRingWrappedIsZeroWhereItWasNotRead() {
        MetricsHistory history = new MetricsHistory(3);
        history.probe("a", () -> 1);
        for (int i = 0; i < 5; i++) {
            history.sample(T0 + i * INTERVAL);
        }
        history.probe("b", () -> 2);
        history.sample(T0 + 5 * INTERVAL);
        assertThat(history.samples().series("b")).containsExactly(0, 0, 2);
        assertThat(history.samples().times()).containsExactly(T0 + 3 * INTERVAL, T0 + 4 * INTERVAL,
                T0 + 5 * INTERVAL);
    }

    @Test
    void notANumberAndInfinityAreKeptAsZero() {
        MetricsHistory history = new MetricsHistory(4);
        double[] next = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.25};
        AtomicLong i = new AtomicLong();
        history.probe("cpu", () -> next[(int) i.getAndIncrement()]);
        for (int s = 0; s < next.length; s++) {
            history.sample(T0 + s * INTERVAL);
        }
        assertThat(history.samples().series("cpu")).containsExactly(0, 0, 0, 0.25);
    }

    @Test
    void whatWasReturnedIsNotChangedByLaterSamplesOrByItsReader() {
        MetricsHistory history = new MetricsHistory(2);
        AtomicLong v = new AtomicLong(1);
        history.probe("v", v::get);
        history.sample(T0);
        MetricsHistory.Samples before = history.samples();
        before.series("v")[0] = 99;
        before.times()[0] = 99;
        v.set(2);
        history.sample(T0 + INTERVAL);
        history.sample(T0 + 2 * INTERVAL);
        assertThat(before.series("v")).containsExactly(1);
        assertThat(before.times()).containsExactly(T0);
        assertThat(history.samples().series("v")).containsExactly(2, 2);
    }

    @Test
    void aReplacedProbeKeepsItsPastAndReadsTheNewSupplier() {
        MetricsHistory history = new MetricsHistory(3);
        history.probe("x", () -> 1);
        history.sample(T0);
        history.probe("x", () -> 5);
        history.sample(T0 + INTERVAL);
        assertThat(history.samples().series("x")).containsExactly(1, 5);
        assertThat(history.samples().names()).containsExactly("x");
    }

    @Test
    void aHistoryKeepsAtLeastOneSample() {
        assertThatThrownBy(() -> new MetricsHistory(0)).isInstanceOf(IllegalArgumentException.class);
        MetricsHistory one = new MetricsHistory(1);
        one.probe("x", () -> 3);
        one.sample(T0);
        one.sample(T0 + INTERVAL);
        assertThat(one.samples().times()).containsExactly(T0 + INTERVAL);
    }
}
