package io.storagesession.api.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenBucket} per key (a channel ARN, an account), for KVS's call quotas such as GetIceServerConfig's
 * 5 calls/s per channel and the storage joins' 2 calls/s per channel and 50 per account. Thread-safe: callers on
 * different event loops share it. Callers acquire only for keys that exist (a channel found in the registry), and
 * buckets that have refilled completely are swept once the map passes {@code sweepThreshold}, so forgotten keys cannot
 * grow it without bound.
 */
public final class PerKeyRateLimiter {
    private final double ratePerSecond;
    private final double burst;
    private final int sweepThreshold;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** Buckets whose burst equals their rate. */
    public PerKeyRateLimiter(double ratePerSecond, int sweepThreshold, Clock clock) {
        this(ratePerSecond, ratePerSecond, sweepThreshold, clock);
    }

    /** Buckets that refill at {@code ratePerSecond} and accept up to {@code burst} calls at once. */
    public PerKeyRateLimiter(double ratePerSecond, double burst, int sweepThreshold, Clock clock) {
        if (sweepThreshold < 1) {
            throw new IllegalArgumentException("sweep threshold must be positive");
        }
        new TokenBucket(ratePerSecond, burst, 0); // rejects a rate or burst no call could pass, at construction
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.sweepThreshold = sweepThreshold;
        this.clock = clock;
    }

    /** Takes one token for {@code key}; false when the key's quota is used up. */
    public boolean tryAcquire(String key) {
        long now = clock.millis();
        if (buckets.size() >= sweepThreshold) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, now)).tryAcquire(now);
    }

    /** Gives back the token just taken for {@code key}, when another quota refused the call after all. */
    public void refund(String key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.refund();
        }
    }
}
