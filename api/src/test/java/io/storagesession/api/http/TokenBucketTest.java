package io.storagesession.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void allowsABurstOfTheRateThenRefillsContinuously() {
        TokenBucket limiter = new TokenBucket(5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(0)).isTrue();
        }
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.tryAcquire(199)).isFalse();
        assertThat(limiter.tryAcquire(200)).isTrue();
        assertThat(limiter.isFull(200)).isFalse();
        assertThat(limiter.isFull(1200)).isTrue();
        assertThat(limiter.tryAcquire(100_000)).isTrue();
        assertThat(limiter.tryAcquire(100_000)).isTrue();
    }

    @Test
    void aBurstLargerThanTheRatePassesAtOnceButRefillsOnlyAtTheRate() {
        TokenBucket limiter = new TokenBucket(2, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(0)).as("call %d of the burst", i + 1).isTrue();
        }
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.tryAcquire(499)).isFalse();
        assertThat(limiter.tryAcquire(500)).isTrue();
        assertThat(limiter.isFull(500 + 1499)).isFalse();
        assertThat(limiter.isFull(500 + 1500)).isTrue();
    }

    @Test
    void aRefundedTokenCanBeTakenAgainButNeverOverfillsTheBucket() {
        TokenBucket limiter = new TokenBucket(1, 0);
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
        limiter.refund();
        assertThat(limiter.tryAcquire(0)).isTrue();
        limiter.refund();
        limiter.refund();
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
    }

    @Test
    void aBurstBelowOneCouldNeverPassAndIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(2, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(0, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClockSteppingBackRefillsNothingAndRefillsAgainFromWhereItSteppedTo() {
        TokenBucket limiter = new TokenBucket(1, 10_000);
        assertThat(limiter.tryAcquire(10_000)).isTrue();
        assertThat(limiter.tryAcquire(0)).as("stepped back 10 s: nothing refilled").isFalse();
        assertThat(limiter.tryAcquire(999)).isFalse();
        assertThat(limiter.tryAcquire(1_000)).as("a second after the step, not after 10 000").isTrue();
    }
}
