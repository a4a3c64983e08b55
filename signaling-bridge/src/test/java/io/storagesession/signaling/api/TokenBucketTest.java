package io.storagesession.signaling.api;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aClockSteppingBackRefillsNothing() {
        TokenBucket limiter = new TokenBucket(1, 10_000);
        assertThat(limiter.tryAcquire(10_000)).isTrue();
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.tryAcquire(10_999)).isFalse();
        assertThat(limiter.tryAcquire(11_000)).isTrue();
    }
}
