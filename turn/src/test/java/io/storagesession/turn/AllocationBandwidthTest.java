package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * An allocation's bandwidth budget on explicit instants of the server's clock: a bucket of one second's worth at the
 * cap, refilled at the cap, never beyond one second's worth, and not refilled by a clock that steps back (but not
 * stopped by it either).
 */
class AllocationBandwidthTest {
    private static final long T0 = 1_700_000_000_000L;
    /** 10,000 bytes per second, so 10 bytes per millisecond. */
    private static final long BITS_PER_SECOND = 80_000;
    private static final int DATAGRAM = 1000;

    private final Allocation allocation = new Allocation(null, null, null, "1700000300:cam:a", new byte[16],
            new byte[12], T0, 600_000, BITS_PER_SECOND);

    @Test
    void aFullBucketLetsOneSecondsWorthThroughAtOnce() {
        assertThat(spendAll(T0)).isEqualTo(10);
    }

    @Test
    void theBudgetRefillsAtTheCap() {
        spendAll(T0);
        assertThat(allocation.spend(DATAGRAM, T0 + 99)).as("99 ms refill 990 bytes").isFalse();
        assertThat(allocation.spend(DATAGRAM, T0 + 100)).as("100 ms refill 1000 bytes").isTrue();
        assertThat(allocation.spend(1, T0 + 100)).isFalse();
        assertThat(spendAll(T0 + 600)).as("500 ms more").isEqualTo(5);
    }

    @Test
    void anIdleMinuteBuysNoMoreThanOneSecondsWorth() {
        spendAll(T0);
        assertThat(spendAll(T0 + 60_000)).isEqualTo(10);
    }

    @Test
    void aClockSteppingBackNeitherRefillsNorTakesAwayAndRefillsFromWhereItSteppedTo() {
        for (int i = 0; i < 5; i++) {
            allocation.spend(DATAGRAM, T0);
        }
        assertThat(spendAll(T0 - 60_000)).as("what was left at T0").isEqualTo(5);
        assertThat(spendAll(T0 - 60_000 + 100)).as("refilled from where the clock stepped to, not from T0")
                .isEqualTo(1);
    }

    private int spendAll(long nowMillis) {
        int passed = 0;
        while (allocation.spend(DATAGRAM, nowMillis)) {
            passed++;
        }
        return passed;
    }
}
