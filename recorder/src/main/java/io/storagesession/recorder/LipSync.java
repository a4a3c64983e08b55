package io.storagesession.recorder;

/**
 * Aligns the recording's audio with its video by the master's RTCP sender reports where they are consistent, and
 * never lets them do more ("use sender reports only to align audio with video where they are consistent,
 * never as a reason to drop media").
 *
 * <p>Both tracks are placed by arrival ({@link ArrivalClock}), which is close but not exact: the sender's audio and
 * video pipelines delay differently, and the mix lags by the jitter buffer. Sender reports map each stream's RTP time
 * to one shared NTP wallclock (RFC 3550 §6.4.1), which is exactly the relation lip sync needs. So the recorder keeps,
 * per track, its skew: where arrival placed a frame minus where the reports put it. For a frame of the mix, moving it
 * by (video skew − audio skew) puts it where the reports say relative to the video. A master whose audio and video
 * clocks disagree by hours (webrtc-java's custom sources) or whose reports are nonsense gives a correction beyond
 * {@code max-sync-correction}: then the correction is not applied, arrival alone places the audio, and the recording
 * goes on. Confined to the session executor.
 */
final class LipSync {
    private final long maxCorrectionMillis;
    private final RecorderCounters counters;
    private boolean videoKnown;
    private boolean audioKnown;
    private long videoSkew;
    private long audioSkew;
    private boolean warned;
    private boolean applied;

    LipSync(long maxCorrectionMillis, RecorderCounters counters) {
        this.maxCorrectionMillis = maxCorrectionMillis;
        this.counters = counters;
    }

    /** A video frame placed at {@code placedMillis} that the video sender reports put at {@code reportedMillis}. */
    void video(long placedMillis, long reportedMillis) {
        videoSkew = placedMillis - reportedMillis;
        videoKnown = true;
    }

    /**
     * Where a mix frame placed at {@code placedMillis}, which the master's audio sender reports put at
     * {@code reportedMillis}, belongs relative to the video: corrected when the reports are consistent, else as placed.
     */
    long audio(long placedMillis, long reportedMillis, Runnable inconsistent, Runnable first) {
        audioSkew = placedMillis - reportedMillis;
        audioKnown = true;
        if (!videoKnown) {
            return placedMillis;
        }
        long correction = videoSkew - audioSkew;
        if (Math.abs(correction) > maxCorrectionMillis) {
            counters.senderReportsInconsistent++;
            if (!warned) {
                warned = true;
                inconsistent.run();
            }
            return placedMillis;
        }
        counters.framesSyncedBySenderReports++;
        if (!applied) {
            applied = true;
            first.run();
        }
        return placedMillis + correction;
    }

    /** The correction the reports ask for, once both tracks have one (for the log). */
    long correction() {
        return videoKnown && audioKnown ? videoSkew - audioSkew : 0;
    }

    /** A new recording or a new master: nothing known. */
    void forget() {
        videoKnown = false;
        audioKnown = false;
        warned = false;
        applied = false;
    }
}
