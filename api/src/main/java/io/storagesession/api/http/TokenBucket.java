package io.storagesession.api.http;

/**
 * A token bucket: up to {@code burst} events at once, refilled continuously at {@code ratePerSecond}, so a sustained
 * flood is held to the rate while a short burst (up to {@code burst}) passes. Used for KVS's per-channel connect rate
 * (3/s), per-connection message quotas (SDP 5/s, ICE 20/s, KVS-WIRE.md §2) and, through {@link PerKeyRateLimiter},
 * per-channel and per-account API quotas (KVS-WIRE.md §3).
 * Time comes from the caller (the hub's {@link java.time.Clock}) so tests control it; a clock that steps back
 * refills nothing. Thread-safe: a channel's connect bucket is shared by connects arriving on different event loops.
 */
public final class TokenBucket {
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final double capacity;
    private final double tokensPerMilli;
    private double tokens;
    private long lastMillis;

    /** A bucket whose burst equals its rate: up to {@code ratePerSecond} events at once. */
    public TokenBucket(double ratePerSecond, long nowMillis) {
        this(ratePerSecond, ratePerSecond, nowMillis);
    }

    /**
     * @param ratePerSecond the sustained rate the bucket refills at
     * @param burst         the most events accepted at once (the bucket's capacity); at least 1
     */
    public TokenBucket(double ratePerSecond, double burst, long nowMillis) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, or no event could ever pass");
        }
        this.capacity = burst;
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

    /**
     * Gives back a token taken by {@link #tryAcquire} for an event that was refused by another quota after all, so
     * that event does not count against this one.
     */
    public synchronized void refund() {
        tokens = Math.min(capacity, tokens + 1);
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
