package io.storagesession.recorder;

/**
 * Guards the recording against a master's clock gone wrong. Timecodes come from the master's RTCP sender reports
 * (RFC 3550 §6.4.1), which a buggy or hostile master can fill with any NTP time; one absurd report would otherwise
 * throw a track hours ahead, and {@link TrackTimeline} (never backwards, KVS 4004) would then squeeze everything after
 * it into one millisecond steps. So each frame's time is compared with the server's own clock at its arrival: the
 * offset between the two moves only slowly (clock drift, jitter), and a frame whose offset is more than
 * {@code clock.max-jump} away is dropped. Frames that stay off for {@code clock.restart-after} mean the master's clock
 * really changed; the caller then starts a new recording on the new clock. The offset is trusted only once
 * {@value #CONFIRMATIONS} frames in a row agree on it (the first audio frames, 20 ms apart, usually settle it before the
 * first video keyframe is placed), so a bogus first report cannot become the reference either. Confined to the session
 * executor.
 */
final class ClockCheck {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** Frames in a row that must agree on a new offset before frames are placed with it. */
    static final int CONFIRMATIONS = 3;
    private final long maxJumpMillis;
    private final long restartAfterNanos;
    private final RecorderCounters counters;
    private int agreeing;
    private long offsetMillis;
    private boolean off;
    private long offSinceNanos;

    ClockCheck(RecorderSettings settings, RecorderCounters counters) {
        this.maxJumpMillis = settings.maxClockJump().toMillis();
        this.restartAfterNanos = settings.clockRestartAfter().toNanos();
        this.counters = counters;
    }

    /** Whether a frame at {@code epochMillis} that arrived at {@code nanoTime} belongs on the recording's timeline. */
    boolean plausible(long epochMillis, long nanoTime) {
        long offset = epochMillis - nanoTime / NANOS_PER_MILLI;
        boolean agrees = agreeing > 0 && Math.abs(offset - offsetMillis) <= maxJumpMillis;
        if (agreeing < CONFIRMATIONS) {
            agreeing = agrees ? agreeing + 1 : 1;
            offsetMillis = offset;
            counters.timecodesUnconfirmed += agreeing < CONFIRMATIONS ? 1 : 0;
            return agreeing == CONFIRMATIONS;
        }
        if (agrees) {
            offsetMillis = offset;
            off = false;
            return true;
        }
        counters.timecodesImplausible++;
        if (!off) {
            off = true;
            offSinceNanos = nanoTime;
        }
        return false;
    }

    /** Frames have been off for {@code clock.restart-after}: the master's clock changed for real. */
    boolean changed(long nanoTime) {
        return off && nanoTime - offSinceNanos >= restartAfterNanos;
    }

    /** A new recording: whatever comes first sets the offset. */
    void reset() {
        agreeing = 0;
        off = false;
    }
}
