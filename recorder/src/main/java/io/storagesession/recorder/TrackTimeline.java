package io.storagesession.recorder;

/**
 * One track's timecodes, kept strictly increasing. They come from the master's RTCP sender reports (RFC 3550
 * §6.4.1), and a new report may map the same RTP time a millisecond or two earlier than the last one did; KVS refuses
 * a fragment whose timecode goes backwards (ErrorId 4004) and a reader refuses a track whose blocks do. So a step
 * back is absorbed — the frame keeps the last timecode plus one — and counted, instead of being followed. The master's
 * clock is trusted not to step back by seconds within one recording (a new master starts a new recording and timeline).
 */
final class TrackTimeline {
    private static final long NONE = Long.MIN_VALUE;
    private final RecorderCounters counters;
    private long last = NONE;

    TrackTimeline(RecorderCounters counters) {
        this.counters = counters;
    }

    /** The timecode to write for a frame whose sender-report time is {@code epochMillis}. */
    long timecode(long epochMillis) {
        if (last != NONE && epochMillis <= last) {
            counters.timecodesHeldBack++;
            epochMillis = last + 1;
        }
        last = epochMillis;
        return epochMillis;
    }
}
