package io.storagesession.signaling.api;

/**
 * A token bucket: up to {@code ratePerSecond} events at once, refilled continuously at {@code ratePerSecond}. Used for
 * KVS's per-channel connect rate (3/s), per-connection message quotas (SDP 5/s, ICE 20/s, KVS-WIRE.md §2) and,
 * through {@link PerKeyRateLimiter}, per-channel API quotas.
 * Time comes from the caller (the hub's {@link java.time.Clock}) so tests control it; a clock that steps back
 * refills nothing. Thread-safe: a channel's connect bucket is shared by connects arriving on different event loops.
 */
public final class TokenBucket {
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final double capacity;
    private final double tokensPerMilli;
    private double tokens;
    private long lastMillis;

    public TokenBucket(double ratePerSecond, long nowMillis) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.capacity = ratePerSecond;
        this.tokensPerMilli = ratePerSecond / MILLIS_PER_SECOND;
        this.tokens = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryAcquire(long nowMillis) {
        refill(nowMillis);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when the bucket has refilled completely, i.e. forgetting it would not let anyone exceed the rate. */
    public synchronized boolean isFull(long nowMillis) {
        refill(nowMillis);
        return tokens >= capacity;
    }

    private void refill(long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerMilli);
            lastMillis = nowMillis;
        }
    }
}
