package io.storagesession.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The bucket as the per-stream PutMedia rates use it ({@link TokenBucket#take}, {@link TokenBucket#millisUntilPaid}):
 * one second's worth, refilled at the rate, debt paid in time.
 */
class PaidTokenBucketTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void holdsOneSecondAndPaysADebtAtTheRate() {
        TokenBucket fragments = new TokenBucket(5, T0);
        for (int i = 0; i < 5; i++) {
            fragments.take(1, T0);
        }
        assertThat(fragments.millisUntilPaid(T0)).isZero();
        fragments.take(1, T0);
        assertThat(fragments.millisUntilPaid(T0)).isEqualTo(200);
        assertThat(fragments.millisUntilPaid(T0 + 199)).isEqualTo(1);
        assertThat(fragments.millisUntilPaid(T0 + 200)).isZero();
    }

    @Test
    void anIdleHourBuysNoMoreThanOneSecond() {
        TokenBucket bytes = new TokenBucket(12_500_000, T0);
        bytes.take(12_500_000, T0);
        assertThat(bytes.millisUntilPaid(T0 + 3_600_000)).isZero();
        bytes.take(12_500_001, T0 + 3_600_000);
        assertThat(bytes.millisUntilPaid(T0 + 3_600_000)).isEqualTo(1);
    }

    @Test
    void aClockSteppingBackRefillsNothingAndTheDebtIsPaidFromWhereItSteppedTo() {
        TokenBucket fragments = new TokenBucket(5, T0);
        fragments.take(10, T0);
        assertThat(fragments.millisUntilPaid(T0 - 60_000)).isEqualTo(1000);
        assertThat(fragments.millisUntilPaid(T0 - 60_000 + 500)).as("not held until the clock is back at T0")
                .isEqualTo(500);
    }

    @Test
    void refusesARateBelowOnePerSecond() {
        assertThatThrownBy(() -> new TokenBucket(0, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Whatever is taken when, what was taken by the time the debt is paid never exceeds one second plus the rate. */
    @Property(tries = 200)
    void neverLetsMoreThroughThanTheRate(@ForAll @IntRange(min = 1, max = 20_000_000) int perSecond,
                                         @ForAll @IntRange(min = 1, max = 200) int takes,
                                         @ForAll @LongRange(min = 1, max = 5_000_000) long unit) {
        TokenBucket bucket = new TokenBucket(perSecond, T0);
        long now = T0;
        long taken = 0;
        for (int i = 0; i < takes; i++) {
            now += bucket.millisUntilPaid(now);
            bucket.take(unit, now);
            taken += unit;
        }
        now += bucket.millisUntilPaid(now);
        long elapsed = now - T0;
        // One second's worth at the start, the rate since: the debt is only ever paid, never forgiven.
        assertThat(taken).isLessThanOrEqualTo(perSecond + (long) Math.ceil(elapsed * (double) perSecond / 1000) + 1);
    }
}
