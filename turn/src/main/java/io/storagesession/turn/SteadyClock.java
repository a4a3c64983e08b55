package io.storagesession.turn;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * Wallclock time that never steps: the wall clock read once, advanced by the monotonic clock ever after. What the
 * server measures durations with — TURN lifetimes and bandwidth budgets, signaling idle timeouts and the age of
 * pending messages — so that a step of the system clock (an NTP step after a long drift, an operator's
 * {@code date -s}, a VM resumed from a snapshot) neither expires every allocation and connection at once (a step
 * forward) nor keeps them alive an hour too long (a step back). Absolute times that a peer compares with its own clock
 * (SigV4 dates, TURN credential expiry, fragment timestamps, token expiry) stay on the wall clock.
 */
public final class SteadyClock extends Clock {
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final long anchorMillis;
    private final long anchorNanos;
    private final LongSupplier nanos;

    /**
     * @param wall  read once, for the starting time
     * @param nanos the monotonic clock ({@code System::nanoTime})
     */
    public SteadyClock(Clock wall, LongSupplier nanos) {
        this.nanos = nanos;
        this.anchorNanos = nanos.getAsLong();
        this.anchorMillis = wall.millis();
    }

    /** Starts at the system's wall clock and runs on {@link System#nanoTime()}. */
    public static SteadyClock system() {
        return new SteadyClock(Clock.systemUTC(), System::nanoTime);
    }

    @Override
    public long millis() {
        return anchorMillis + Math.floorDiv(nanos.getAsLong() - anchorNanos, NANOS_PER_MILLI);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a steady clock is UTC");
    }
}
