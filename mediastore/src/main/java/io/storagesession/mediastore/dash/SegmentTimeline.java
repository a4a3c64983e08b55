package io.storagesession.mediastore.dash;

import io.storagesession.mediastore.hls.HlsFragmentInfo;
import io.storagesession.mediastore.hls.HlsSession;
import java.util.ArrayList;
import java.util.List;

/**
 * A session window as an MPD SegmentTimeline (ISO/IEC 23009-1 §5.3.9.6): one S element per fragment, its start
 * ({@code S@t}) the fragment's timestamp on the session's timeline in milliseconds and its duration ({@code S@d})
 * FragmentLengthInMilliseconds. These are the times the media segments carry: a fragment's {@code tfdt} is its
 * frames' timecodes moved by the same server-or-producer shift (see {@code MediaSegmentWriter}), so the manifest and
 * the segments agree without the store being read.
 *
 * <p>A timeline's segments may not overlap and must start later than one another: a fragment starting no later than
 * the one before it (equal or out-of-order timestamps) is left out, and a duration reaching past the next fragment's
 * start is cut there. Gaps are kept (an explicit {@code S@t} follows them): the timeline is not re-stamped across
 * discontinuities, so each S@t is also the fragment's true timestamp.
 */
final class SegmentTimeline {
    /** The shortest S@d: a zero-length fragment still occupies one tick. */
    private static final long MIN_DURATION_MILLIS = 1;

    /** One S element, and the fragment it stands for. */
    record Segment(long startMillis, long durationMillis, HlsFragmentInfo fragment) {
        long endMillis() {
            return startMillis + durationMillis;
        }
    }

    private SegmentTimeline() {
    }

    /** The timeline of {@code fragments} (ascending, as a session window lists them); never empty for a non-empty window. */
    static List<Segment> of(HlsSession session, List<HlsFragmentInfo> fragments) {
        List<HlsFragmentInfo> kept = new ArrayList<>(fragments.size());
        long previous = Long.MIN_VALUE;
        for (HlsFragmentInfo f : fragments) {
            long t = f.timestamp(session.kind());
            if (t > previous) {
                kept.add(f);
                previous = t;
            }
        }
        List<Segment> timeline = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            HlsFragmentInfo f = kept.get(i);
            long t = f.timestamp(session.kind());
            long d = Math.max(MIN_DURATION_MILLIS, f.durationMillis());
            if (i + 1 < kept.size()) {
                d = Math.min(d, kept.get(i + 1).timestamp(session.kind()) - t);
            }
            timeline.add(new Segment(t, d, f));
        }
        return timeline;
    }
}
