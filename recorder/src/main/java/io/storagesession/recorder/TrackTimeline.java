package io.storagesession.recorder;

/**
 * One track's timecodes, kept strictly increasing. Placement by arrival can step back a few milliseconds (a packet
 * that arrives early lowers the offset, {@link ArrivalClock}; a sender-report correction changes, {@link LipSync});
 * KVS refuses a fragment whose timecode goes backwards (ErrorId 4004) and a reader refuses a track whose blocks do. So
 * a step back is absorbed — the frame keeps the last timecode plus one — and counted, instead of being followed.
 * Placement never moves further than clock.max-jump from the server's own clock, so a step back is always small.
 */
final class TrackTimeline {
    private static final long NONE = Long.MIN_VALUE;
    private final RecorderCounters counters;
    private long last = NONE;

    TrackTimeline(RecorderCounters counters) {
        this.counters = counters;
    }

    /** The timecode to write for a frame placed at {@code epochMillis}. */
    long timecode(long epochMillis) {
        if (last != NONE && epochMillis <= last) {
            counters.timecodesHeldBack++;
            epochMillis = last + 1;
        }
        last = epochMillis;
        return epochMillis;
    }
}
