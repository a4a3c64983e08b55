package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Loss bursts ({@code turn.impairment.burst-every}/{@code burst-length}) follow the server's clock. */
class ImpairmentTest {
    private static final byte[] DATAGRAM = new byte[100];
    private final AtomicLong now = new AtomicLong();
    private final RecordingStats stats = new RecordingStats();

    @Test
    void dropsOnlyDuringTheFirstBurstLengthOfEveryPeriod() {
        Impairment bursts = new Impairment(new TurnSettings.ImpairmentSettings(100, Duration.ofSeconds(10),
                Duration.ofSeconds(2), false), stats, now::get);
        for (long at : new long[] {0, 1_999, 10_000, 11_999, 50_500}) {
            now.set(at);
            assertThat(bursts.drops(DATAGRAM, 0, DATAGRAM.length)).as("at %d ms", at).isTrue();
        }
        for (long at : new long[] {2_000, 9_999, 12_000, 55_000}) {
            now.set(at);
            assertThat(bursts.drops(DATAGRAM, 0, DATAGRAM.length)).as("at %d ms", at).isFalse();
        }
        assertThat(stats.drops.get("impairment")).hasValue(5);
    }

    @Test
    void withoutBurstsTheLossIsAlwaysOn() {
        Impairment steady = new Impairment(new TurnSettings.ImpairmentSettings(100, Duration.ZERO,
                Duration.ofSeconds(2), false), stats, now::get);
        for (long at : new long[] {0, 2_000, 9_999, 123_456}) {
            now.set(at);
            assertThat(steady.drops(DATAGRAM, 0, DATAGRAM.length)).as("at %d ms", at).isTrue();
        }
    }

    @Test
    void aBurstLongerThanItsPeriodIsRefused() {
        assertThatThrownBy(() -> new TurnSettings.ImpairmentSettings(30, Duration.ofSeconds(1), Duration.ofSeconds(2),
                false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst-length");
        assertThatThrownBy(() -> new TurnSettings.ImpairmentSettings(101, Duration.ZERO, Duration.ZERO, false))
                .hasMessageContaining("loss-percent");
    }
}
