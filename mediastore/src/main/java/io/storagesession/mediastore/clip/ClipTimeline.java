package io.storagesession.mediastore.clip;

import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.fmp4.MediaSegmentWriter;
import java.util.List;

/**
 * Where each fragment of a clip goes on the clip's timeline, as the shift {@code MediaSegmentWriter} adds to the
 * frames' absolute producer timecodes. The clip starts at 0: its first fragment's earliest frame is decoded at time 0
 * (an MP4 file's presentation starts at 0, ISO/IEC 14496-12 §8.6.1), and the fragments after it keep their producer
 * timing relative to it, gaps included, whichever timestamp selected them. A fragment that would start at or before
 * the previous fragment's last frame (a producer clock that went back, seen when selecting by SERVER_TIMESTAMP) is
 * moved to start one frame duration after it instead, so decode times only ever increase (§8.8.12: tfdt is the sum of
 * the preceding samples' durations).
 */
final class ClipTimeline {
    private final long gapMillis;
    private boolean started;
    private long shiftMillis;
    private long lastFrameMillis;

    /** @param gapMillis where a fragment moved forward starts after the previous fragment's last frame */
    ClipTimeline(long gapMillis) {
        this.gapMillis = gapMillis;
    }

    /** The shift of the next fragment's frames (non-empty); call once per fragment, in clip order. */
    long shift(List<ArchivedFrame> frames) {
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        for (ArchivedFrame f : frames) {
            earliest = Math.min(earliest, f.timecodeMillis());
            latest = Math.max(latest, f.timecodeMillis());
        }
        if (!started) {
            shiftMillis = -earliest;
            started = true;
        } else if (earliest + shiftMillis <= lastFrameMillis) {
            shiftMillis = lastFrameMillis + gapMillis - earliest;
        }
        lastFrameMillis = latest + shiftMillis;
        return shiftMillis;
    }
}
