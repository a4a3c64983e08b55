package io.storagesession.mediastore.dash;

import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.fmp4.MediaSegmentWriter;
import io.storagesession.mediastore.hls.HlsSession;
import java.util.ArrayList;
import java.util.List;

/**
 * A session window as an MPD SegmentTimeline (ISO/IEC 23009-1 §5.3.9.6): one S element per fragment, its start
 * ({@code S@t}) the fragment's timestamp on the session's timeline in milliseconds. These are the times the media
 * segments carry: a fragment's {@code tfdt} is its frames' timecodes moved by the same server-or-producer shift (see
 * {@code MediaSegmentWriter}), so the manifest and the segments agree without the store being read.
 *
 * <p>The timeline is contiguous: each segment lasts until the next one starts ({@code S@d} = next {@code S@t} minus
 * its own), and only the last one lasts its FragmentLengthInMilliseconds. Players look for the segment after one at
 * that one's end (dash.js asks for the segment holding its end plus 10 ms), so any gap in the timeline — and the
 * store's fragment lengths end at the last frame's start, a frame short of the next fragment — would end playback
 * there; this is the API reference's "Kinesis Video Streams adjusts the media timeline in the manifest file to enable
 * playback of media with discontinuities". S@t stays each fragment's true timestamp, so a real gap in the recording is
 * a hole in the buffered media, which players jump. A fragment starting no later than the one before it (equal or
 * out-of-order timestamps) is left out: segments may not overlap.
 */
final class SegmentTimeline {
    /** The shortest S@d: a last fragment of length zero still occupies one tick. */
    private static final long MIN_DURATION_MILLIS = 1;

    /** One S element, and the fragment it stands for. */
    record Segment(long startMillis, long durationMillis, ArchivedFragmentInfo fragment) {
        long endMillis() {
            return startMillis + durationMillis;
        }
    }

    private SegmentTimeline() {
    }

    /** The timeline of {@code fragments} (ascending, as a session window lists them); not empty if they are not. */
    static List<Segment> of(HlsSession session, List<ArchivedFragmentInfo> fragments) {
        List<ArchivedFragmentInfo> kept = new ArrayList<>(fragments.size());
        long previous = Long.MIN_VALUE;
        for (ArchivedFragmentInfo f : fragments) {
            long t = f.timestamp(session.kind());
            if (t > previous) {
                kept.add(f);
                previous = t;
            }
        }
        List<Segment> timeline = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            ArchivedFragmentInfo f = kept.get(i);
            long t = f.timestamp(session.kind());
            long d = i + 1 < kept.size() ? kept.get(i + 1).timestamp(session.kind()) - t
                    : Math.max(MIN_DURATION_MILLIS, f.durationMillis());
            timeline.add(new Segment(t, d, f));
        }
        return timeline;
    }
}
