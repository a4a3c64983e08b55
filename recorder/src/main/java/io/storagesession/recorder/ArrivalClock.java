package io.storagesession.recorder;

/**
 * Places one RTP stream's frames on the server's wallclock: each RTP timestamp (RFC 3550 §5.1, the sender's media
 * clock) becomes Unix milliseconds by an offset learnt from packet arrival times, not from the sender's RTCP sender
 * reports. Real masters send their first sender report seconds late (the KVS C SDK after 3 s), some never,
 * some with audio and video clocks hours apart (webrtc-java) or with RTP times that break RFC 3550 §6.4.1 (GStreamer);
 * a recording that waited for or trusted them lost its first seconds or everything. Arrival is always there.
 *
 * <p>The offset is the smallest transit seen: a packet that arrives earlier than its timestamp says (relative to the
 * packets before it) lowers it, so the first keyframe's pacing delay or a jittery start does not stay in the
 * timeline, and a frame is never placed after it arrived. A packet more than {@code maxJump} away from where the
 * offset puts it means the sender's clock jumped (a restarted encoder, a new RTP timeline, a hostile timestamp): the
 * offset starts again from that packet, so no timestamp can throw the recording far from the server's own clock.
 * Timestamps are unwrapped against the last observed one, so the 32-bit wrap is seamless. Confined to the session
 * executor; allocates nothing.
 */
final class ArrivalClock {
    private static final long MILLIS_PER_SECOND = 1000;
    private final int clockRate;
    private final long maxJumpMillis;
    private boolean anchored;
    private int lastTimestamp;
    private long lastUnwrapped;
    /** Unix ms of RTP time 0 of the unwrapped timeline. */
    private long offsetMillis;
    private long reanchors;

    /**
     * @param clockRate the RTP clock rate (90 000 for H.264, RFC 6184 §8.2.1; 48 000 for Opus, RFC 7587 §4.1)
     * @param maxJump   how far from the learnt offset a packet may be before the offset starts again from it
     */
    ArrivalClock(int clockRate, long maxJumpMillis) {
        this.clockRate = clockRate;
        this.maxJumpMillis = maxJumpMillis;
    }

    /** A packet with {@code timestamp} arrived at {@code arrivalMillis} (Unix ms): refines the offset. */
    void observe(int timestamp, long arrivalMillis) {
        long unwrapped = unwrap(timestamp);
        lastTimestamp = timestamp;
        lastUnwrapped = unwrapped;
        long media = mediaMillis(unwrapped);
        if (!anchored) {
            anchored = true;
            offsetMillis = arrivalMillis - media;
            return;
        }
        long lead = media + offsetMillis - arrivalMillis;
        if (lead > maxJumpMillis || lead < -maxJumpMillis) {
            offsetMillis = arrivalMillis - media;
            reanchors++;
        } else if (lead > 0) {
            offsetMillis -= lead;
        }
    }

    /** Whether a packet has been observed: {@link #epochMillis} needs one. */
    boolean anchored() {
        return anchored;
    }

    /**
     * Unix ms of {@code timestamp}, a timestamp near the last observed one (within half the 32-bit range); a time
     * further than {@code maxJump} from {@code nowMillis} (the timestamp belongs to no stream this clock follows: the
     * last packet observed was a jump) is {@code nowMillis} instead, so that no timestamp strays from the server clock.
     */
    long epochMillis(int timestamp, long nowMillis) {
        long placed = mediaMillis(unwrap(timestamp)) + offsetMillis;
        return Math.abs(placed - nowMillis) > maxJumpMillis ? nowMillis : placed;
    }

    /** How often the sender's clock jumped and the offset started again. */
    long reanchors() {
        return reanchors;
    }

    /** A new stream (a new master, a new SSRC): the next packet anchors afresh. */
    void forget() {
        anchored = false;
    }

    private long unwrap(int timestamp) {
        return anchored ? lastUnwrapped + (timestamp - lastTimestamp) : Integer.toUnsignedLong(timestamp);
    }

    /** RTP time in ms, rounded to the nearest (a 30 fps frame at 33.3 ms is at 33, the next at 67). */
    private long mediaMillis(long unwrapped) {
        return Math.floorDiv(unwrapped * MILLIS_PER_SECOND + clockRate / 2, clockRate);
    }
}
