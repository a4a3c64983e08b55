package io.storagesession.signaling.api;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (usually a channel ARN), for KVS's per-channel call quotas such as GetIceServerConfig's
 * 5 calls/s and JoinStorageSession's 2 calls/s. Thread-safe: callers on different event loops share it. Buckets idle
 * long enough to be full again are swept when the map grows past {@code maxKeys}, so deleted or abandoned keys
 * cannot grow it without bound.
 */
public final class PerKeyRateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerSecond;
    private final double burst;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public PerKeyRateLimiter(double ratePerSecond, double burst, int maxKeys, LongSupplier nanoTime) {
        if (ratePerSecond <= 0 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    public PerKeyRateLimiter(double ratePerSecond, int maxKeys) {
        this(ratePerSecond, Math.max(1, ratePerSecond), maxKeys, System::nanoTime);
    }

    /** Takes one token for {@code key}; false when the key's quota is used up. */
    public boolean tryAcquire(String key) {
        long now = nanoTime.getAsLong();
        if (buckets.size() >= maxKeys) {
            sweep(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.refill(now, ratePerSecond, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        long fullAfter = (long) (burst / ratePerSecond * NANOS_PER_SECOND);
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            synchronized (b) {
                if (now - b.updatedAt >= fullAfter) {
                    it.remove();
                }
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        void refill(long now, double rate, double burst) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * rate / NANOS_PER_SECOND);
            updatedAt = now;
        }
    }
}
