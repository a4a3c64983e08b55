package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The steady clock follows the monotonic clock from where the wall clock stood when it started, and only that. */
class SteadyClockTest {
    private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    @Test
    void advancesByMonotonicTimeWhateverTheWallClockDoesLater() {
        AtomicLong nanos = new AtomicLong(-5_000_000_000L);
        SteadyClock clock = new SteadyClock(Clock.fixed(START, ZoneOffset.UTC), nanos::get);
        assertThat(clock.instant()).isEqualTo(START);
        nanos.addAndGet(1_500_000);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli() + 1);
        nanos.addAndGet(HOUR_NANOS);
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(3600).plusMillis(1));
    }

    @Test
    void theWallClockIsReadOnlyOnce() {
        AtomicLong wallReads = new AtomicLong();
        Clock wall = new Clock() {
            @Override
            public Instant instant() {
                wallReads.incrementAndGet();
                return START.plusSeconds(3600 * wallReads.get());
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        SteadyClock clock = new SteadyClock(wall, () -> 0);
        assertThat(clock.millis()).isEqualTo(clock.millis()).isEqualTo(START.plusSeconds(3600).toEpochMilli());
        assertThat(wallReads).hasValue(1);
    }
}
