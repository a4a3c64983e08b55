package io.storagesession.signaling.api;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenBucket} per key (a channel ARN), for KVS's per-channel call quotas such as GetIceServerConfig's
 * 5 calls/s and JoinStorageSession's 2 calls/s. Thread-safe: callers on different event loops share it. Callers
 * acquire only for keys that exist (a channel found in the registry), and buckets that have refilled completely are
 * swept once the map passes {@code sweepThreshold}, so forgotten keys cannot grow it without bound.
 */
public final class PerKeyRateLimiter {
    private final double ratePerSecond;
    private final int sweepThreshold;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public PerKeyRateLimiter(double ratePerSecond, int sweepThreshold, Clock clock) {
        if (sweepThreshold < 1) {
            throw new IllegalArgumentException("sweep threshold must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.sweepThreshold = sweepThreshold;
        this.clock = clock;
    }

    /** Takes one token for {@code key}; false when the key's quota is used up. */
    public boolean tryAcquire(String key) {
        long now = clock.millis();
        if (buckets.size() >= sweepThreshold) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, now)).tryAcquire(now);
    }
}
