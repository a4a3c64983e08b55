package io.storagesession.bench.session.peer;

/**
 * A viewer's judgement of the video it receives, without decoding it: sequence numbers (loss, and repair by RTX,
 * RFC 4588), timestamps against arrival times (late packets), and the arrival of each frame's last packet (freezes).
 * <ul>
 *   <li>A gap in sequence numbers makes the missing packets NACK candidates (RFC 4585 §6.2.1): asked for after
 *       {@code nackDelay}, again every {@code nackRetry}; a packet neither received nor repaired {@code lossTimeout}
 *       after it went missing is lost.</li>
 *   <li>Relative transit (RFC 3550 §6.4.1's idea): arrival time minus the RTP timestamp's time; a packet whose transit
 *       exceeds the smallest transit seen by more than {@code lateThreshold} is late. Retransmissions are not judged:
 *       they are late by design.</li>
 *   <li>A freeze is a gap between the completion (marker bit) of consecutive frames above {@code freezeThreshold}.</li>
 * </ul>
 * Allocation-free per packet: state is a ring of {@link #WINDOW} sequence numbers. Confined to the event loop.
 */
public final class VideoReception {
    /** Sequence numbers tracked at once: far more than ever go missing together at 1 Mbps. */
    static final int WINDOW = 1 << 13;
    private static final int MASK = WINDOW - 1;
    private static final byte UNKNOWN = 0;
    private static final byte MISSING = 1;
    private static final byte RECEIVED = 2;
    private static final int SEQUENCE_MODULUS = 1 << 16;
    private static final int HALF_SEQUENCE = 1 << 15;
    private static final double VIDEO_TICKS_PER_MILLI = 90.0;
    private static final double NANOS_PER_MILLI = 1e6;

    private final long nackDelay;
    private final long nackRetry;
    private final long lossTimeout;
    private final double lateThresholdMillis;
    private final long freezeThreshold;
    private final byte[] state = new byte[WINDOW];
    private final long[] missingSince = new long[WINDOW];
    private final long[] nackedAt = new long[WINDOW];

    private boolean started;
    private long highest;
    private long settled;
    private boolean timestampStarted;
    private long lastTimestamp;
    private long extendedTimestamp;
    private double minTransit = Double.MAX_VALUE;
    private long lastFrameNanos;
    private long firstPacketNanos;

    long packets;
    long lost;
    long repaired;
    long retransmissionsUseless;
    long late;
    long judged;
    long frames;
    long freezes;
    long freezeNanos;
    long nacked;
    /** Sequence numbers decided so far: received, repaired or lost. */
    long decided;

    /** All durations in nanoseconds but the late threshold (milliseconds). */
    public VideoReception(long nackDelay, long nackRetry, long lossTimeout, double lateThresholdMillis,
                          long freezeThreshold) {
        this.nackDelay = nackDelay;
        this.nackRetry = nackRetry;
        this.lossTimeout = lossTimeout;
        this.lateThresholdMillis = lateThresholdMillis;
        this.freezeThreshold = freezeThreshold;
    }

    /** An original (not retransmitted) video packet arrived at {@code now}. */
    public void media(int sequence, long timestamp, boolean marker, long now) {
        packets++;
        if (!started) {
            started = true;
            highest = sequence;
            settled = sequence;
            firstPacketNanos = now;
        }
        long ext = extend(sequence);
        if (ext > highest) {
            for (long s = highest + 1; s < ext; s++) {
                int i = (int) (s & MASK);
                state[i] = MISSING;
                missingSince[i] = now;
                nackedAt[i] = 0;
            }
            highest = ext;
            while (highest - settled >= WINDOW) {
                settle(now, true);
            }
        }
        if (ext >= settled) {
            state[(int) (ext & MASK)] = RECEIVED;
        }
        judgeTransit(timestamp, now);
        if (marker) {
            frames++;
            if (lastFrameNanos != 0 && now - lastFrameNanos > freezeThreshold) {
                freezes++;
                freezeNanos += now - lastFrameNanos;
            }
            lastFrameNanos = now;
        }
    }

    /** A retransmission (RTX) of {@code originalSequence} arrived. */
    public void retransmission(int originalSequence) {
        if (!started) {
            return;
        }
        long ext = extend(originalSequence);
        int i = (int) (ext & MASK);
        if (ext >= settled && ext <= highest && state[i] == MISSING) {
            state[i] = RECEIVED;
            repaired++;
        } else {
            retransmissionsUseless++;
        }
    }

    /**
     * Settles what is decided and writes the sequence numbers to NACK now into {@code out} (at most its length);
     * returns how many.
     */
    public int tick(long now, int[] out) {
        while (settled <= highest && settle(now, false)) {
            // settled one more
        }
        int n = 0;
        for (long s = settled; s < highest && n < out.length; s++) {
            int i = (int) (s & MASK);
            if (state[i] == MISSING && now - missingSince[i] >= nackDelay
                    && (nackedAt[i] == 0 || now - nackedAt[i] >= nackRetry)) {
                nackedAt[i] = now;
                out[n++] = (int) (s & (SEQUENCE_MODULUS - 1));
            }
        }
        nacked += n;
        return n;
    }

    /** Decides the oldest undecided sequence number if it can (or must); returns whether it did. */
    private boolean settle(long now, boolean force) {
        int i = (int) (settled & MASK);
        if (state[i] == RECEIVED) {
            state[i] = UNKNOWN;
            settled++;
            decided++;
            return true;
        }
        if (state[i] == MISSING && (force || now - missingSince[i] >= lossTimeout)) {
            state[i] = UNKNOWN;
            lost++;
            decided++;
            settled++;
            return true;
        }
        return false;
    }

    private long extend(int sequence) {
        int delta = (sequence - (int) (highest & (SEQUENCE_MODULUS - 1))) & (SEQUENCE_MODULUS - 1);
        return delta < HALF_SEQUENCE ? highest + delta : highest + delta - SEQUENCE_MODULUS;
    }

    private void judgeTransit(long timestamp, long now) {
        if (!timestampStarted) {
            timestampStarted = true;
            lastTimestamp = timestamp;
            extendedTimestamp = 0;
        } else {
            extendedTimestamp += (int) (timestamp - lastTimestamp);
            lastTimestamp = timestamp;
        }
        double transit = (now - firstPacketNanos) / NANOS_PER_MILLI - extendedTimestamp / VIDEO_TICKS_PER_MILLI;
        if (transit < minTransit) {
            minTransit = transit;
        }
        judged++;
        if (transit - minTransit > lateThresholdMillis) {
            late++;
        }
    }

    /** When the first video packet came, or 0. */
    public long firstPacketNanos() {
        return firstPacketNanos;
    }
}
