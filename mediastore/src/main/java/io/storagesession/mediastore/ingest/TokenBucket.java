package io.storagesession.mediastore.ingest;

/**
 * A token bucket measuring one rate: it holds at most one second's worth of the rate, refills continuously at the
 * rate, and may go into debt when more is taken than it holds, because what is taken (the bytes of a chunk already
 * read, a fragment already begun) has arrived by then and cannot be sent back. The owner stops reading until the debt
 * is paid ({@link #millisUntilPaid}). Levels are kept in thousandths of a unit, so that a millisecond's refill is a
 * whole number for any rate of at least one unit per second; no allocation, no floating point.
 *
 * <p>Time is the caller's clock in milliseconds; a clock that steps back refills nothing until it passes its old value.
 */
final class TokenBucket {
    private static final long MILLIS_PER_SECOND = 1000;
    /** Levels are in thousandths of a unit: a unit per second refills one of them per millisecond. */
    private static final long SCALE = MILLIS_PER_SECOND;

    private final long perSecond;
    private final long capacity;
    private long level;
    private long lastMillis;

    /**
     * @param perSecond the rate, in units per second (at least 1)
     * @param nowMillis the clock now: the bucket starts full
     */
    TokenBucket(long perSecond, long nowMillis) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("a rate must be at least 1 per second");
        }
        this.perSecond = perSecond;
        this.capacity = Math.multiplyExact(perSecond, SCALE);
        this.level = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes {@code units} (what arrived at {@code nowMillis}), into debt if the bucket holds fewer. */
    void take(long units, long nowMillis) {
        refill(nowMillis);
        level -= units * SCALE;
    }

    /** Milliseconds until the bucket is out of debt; 0 when it is not in debt. */
    long millisUntilPaid(long nowMillis) {
        refill(nowMillis);
        return level >= 0 ? 0 : ceilDiv(-level, perSecond);
    }

    private void refill(long nowMillis) {
        long elapsed = nowMillis - lastMillis;
        if (elapsed <= 0) {
            return;
        }
        lastMillis = nowMillis;
        long room = capacity - level;
        level = elapsed >= ceilDiv(room, perSecond) ? capacity : level + elapsed * perSecond;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
