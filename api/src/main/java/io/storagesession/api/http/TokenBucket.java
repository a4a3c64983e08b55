package io.storagesession.api.http;

/**
 * A token bucket: up to {@code burst} events at once, refilled continuously at {@code ratePerSecond}, so a sustained
 * flood is held to the rate while a short burst (up to {@code burst}) passes. Used for KVS's per-channel connect rate
 * (3/s), per-connection message quotas (SDP 5/s, ICE 20/s, KVS-WIRE.md §2), through {@link PerKeyRateLimiter} for
 * per-channel and per-account API quotas (KVS-WIRE.md §3), and by the media store for PutMedia's per-stream fragment
 * and byte rates (KVS-WIRE.md §4).
 *
 * <p>Two ways to use it. An event that may be refused takes a token with {@link #tryAcquire}. What has already
 * arrived and cannot be sent back (a chunk read, a fragment begun) is {@link #take}n, into debt if need be, and the
 * owner waits {@link #millisUntilPaid} before reading more.
 *
 * <p>Levels are whole millionths of a token and time whole milliseconds, so refills and waits are exact, with no
 * floating-point drift. Rates are kept to a thousandth of an event per second. Nothing is allocated after
 * construction. Time comes from the caller (the hub's {@link java.time.Clock}) so that tests control it; a clock that
 * steps back refills nothing, and refilling goes on from where it stepped to: a wall clock set back an hour must not
 * hold a PutMedia upload or a channel's connects for that hour. Thread-safe: a channel's connect bucket is shared by
 * connects arriving on different event loops.
 */
public final class TokenBucket {
    private static final long MILLIS_PER_SECOND = 1000;
    /** One token in the bucket's own unit. */
    private static final long TOKEN = 1_000_000;

    private final long capacity;
    /** Refill per millisecond, in millionths of a token: the rate per second times TOKEN / 1000. */
    private final long perMilli;
    private long level;
    private long lastMillis;

    /** A bucket whose burst equals its rate: up to {@code ratePerSecond} events at once (one second's worth). */
    public TokenBucket(double ratePerSecond, long nowMillis) {
        this(ratePerSecond, ratePerSecond, nowMillis);
    }

    /**
     * @param ratePerSecond the sustained rate the bucket refills at
     * @param burst         the most events accepted at once (the bucket's capacity); at least 1
     */
    public TokenBucket(double ratePerSecond, double burst, long nowMillis) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        if (!(burst >= 1)) {
            throw new IllegalArgumentException("burst must be at least 1, or no event could ever pass");
        }
        this.perMilli = Math.max(1, Math.round(ratePerSecond * (TOKEN / MILLIS_PER_SECOND)));
        this.capacity = Math.round(burst * TOKEN);
        this.level = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryAcquire(long nowMillis) {
        refill(nowMillis);
        if (level >= TOKEN) {
            level -= TOKEN;
            return true;
        }
        return false;
    }

    /**
     * Gives back a token taken by {@link #tryAcquire} for an event that was refused by another quota after all, so
     * that event does not count against this one.
     */
    public synchronized void refund() {
        level = Math.min(capacity, level + TOKEN);
    }

    /** True when the bucket has refilled completely, i.e. forgetting it would not let anyone exceed the rate. */
    public synchronized boolean isFull(long nowMillis) {
        refill(nowMillis);
        return level >= capacity;
    }

    /** Takes {@code tokens} that arrived at {@code nowMillis}, into debt if the bucket holds fewer. */
    public synchronized void take(long tokens, long nowMillis) {
        refill(nowMillis);
        level -= Math.multiplyExact(tokens, TOKEN);
    }

    /** Milliseconds until the bucket is out of debt; 0 when it is not in debt. */
    public synchronized long millisUntilPaid(long nowMillis) {
        refill(nowMillis);
        return level >= 0 ? 0 : ceilDiv(-level, perMilli);
    }

    private void refill(long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        lastMillis = nowMillis;
        if (elapsed <= 0) {
            return;
        }
        // compared before multiplying: an idle hour's refill of a fast bucket would overflow
        level = elapsed >= ceilDiv(capacity - level, perMilli) ? capacity : level + elapsed * perMilli;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
