package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.vertx.core.Future;
import java.util.List;

/**
 * Which fragments a session's playlists show at a given moment (GetHLSStreamingSessionURL, PlaybackMode):
 * <ul>
 *   <li>LIVE: the newest MaxMediaPlaylistFragmentResults fragments by server timestamp ("the most recently ingested
 *       fragments based on server timestamps"), and none at all when the newest is older than the live freshness
 *       (KVS: no fragment in the last 30 s → ResourceNotFoundException);</li>
 *   <li>LIVE_REPLAY: from StartTimestamp, released at the pace time passes since the session was created ("fragments
 *       are added as the duration of the next fragment elapses"), the newest MaxMediaPlaylistFragmentResults of them,
 *       at least the first; the playlist ends once the released range passes EndTimestamp;</li>
 *   <li>ON_DEMAND: the oldest MaxMediaPlaylistFragmentResults fragments in the range; always ended.</li>
 * </ul>
 */
final class SessionWindow {
    /** A query limit that keeps every fragment of the range. */
    private static final int ALL = Integer.MAX_VALUE;

    /**
     * The window's fragments, ascending, whether the playlist is complete, and the ON_DISCONTINUITY discontinuities up
     * to and including the boundary into its first fragment (its EXT-X-DISCONTINUITY-SEQUENCE; 0 until counted).
     */
    record Window(List<ArchivedFragmentInfo> fragments, boolean ended, long discontinuitiesBefore) {
        Window(List<ArchivedFragmentInfo> fragments, boolean ended) {
            this(fragments, ended, 0);
        }

        boolean isEmpty() {
            return fragments.isEmpty();
        }

        ArchivedFragmentInfo newest() {
            return fragments.get(fragments.size() - 1);
        }
    }

    private SessionWindow() {
    }

    /** LIVE windows come from the {@code live} cache of the newest fragments, the others from the store. */
    static Future<Window> of(ArchiveSource source, LiveFragments live, HlsSession s, long nowMillis,
                             long liveFreshnessMillis) {
        return switch (s.playbackMode()) {
            case LIVE -> live.newest(s.streamArn(), s.maxResults(), nowMillis)
                    .map(list -> {
                        boolean fresh = !list.isEmpty()
                                && list.get(list.size() - 1).serverTimestampMillis() >= nowMillis - liveFreshnessMillis;
                        return new Window(fresh ? list : List.of(), false);
                    });
            case LIVE_REPLAY -> liveReplay(source, s, nowMillis);
            case ON_DEMAND -> source.fragments(new FragmentQuery(s.streamArn(), s.kind(), s.startMillis(),
                            s.endMillis(), s.maxResults(), FragmentQuery.End.OLDEST))
                    .map(list -> new Window(list, true));
        };
    }

    /**
     * The window with its discontinuities before it counted, for ON_DISCONTINUITY sessions whose window slides (RFC
     * 8216 §6.2.2: a segment keeps its discontinuity sequence number while the segments and tags before it go). LIVE
     * counts in the cache of the stream's newest fragments ({@link LiveFragments#discontinuitiesThrough}); LIVE_REPLAY
     * counts the fragments from the session's start to the window, which do not change while the session lasts.
     * ON_DEMAND windows start at the session's first fragment and never slide: nothing before them to count.
     */
    static Future<Window> withDiscontinuitiesBefore(ArchiveSource source, LiveFragments live, HlsSession s, Window w,
                                                    long toleranceMillis) {
        if (w.isEmpty() || s.discontinuityMode() != HlsSession.DiscontinuityMode.ON_DISCONTINUITY) {
            return Future.succeededFuture(w);
        }
        ArchivedFragmentInfo first = w.fragments().get(0);
        return switch (s.playbackMode()) {
            case LIVE -> Future.succeededFuture(new Window(w.fragments(), w.ended(),
                    live.discontinuitiesThrough(s.streamArn(), first, s.kind(), toleranceMillis)));
            case LIVE_REPLAY -> source.fragments(new FragmentQuery(s.streamArn(), s.kind(), s.startMillis(),
                            first.timestamp(s.kind()), ALL, FragmentQuery.End.OLDEST))
                    .map(before -> new Window(w.fragments(), w.ended(),
                            MediaPlaylist.countDiscontinuities(before, s.kind(), toleranceMillis, first)));
            case ON_DEMAND -> Future.succeededFuture(w);
        };
    }

    private static Future<Window> liveReplay(ArchiveSource source, HlsSession s, long nowMillis) {
        long released = s.startMillis() + Math.max(0, nowMillis - s.createdMillis());
        boolean ended = s.hasEnd() && released >= s.endMillis();
        long upTo = Math.min(released, s.endMillis());
        return source.fragments(new FragmentQuery(s.streamArn(), s.kind(), s.startMillis(), upTo, s.maxResults(),
                        FragmentQuery.End.NEWEST))
                .compose(list -> {
                    if (!list.isEmpty()) {
                        return Future.succeededFuture(new Window(list, ended));
                    }
                    return source.fragments(new FragmentQuery(s.streamArn(), s.kind(), s.startMillis(),
                                    s.endMillis(), 1, FragmentQuery.End.OLDEST))
                            .map(first -> new Window(first, ended));
                });
    }

    /** Whether a fragment belongs to the session: inside its time range (any fragment of the stream for LIVE). */
    static boolean contains(HlsSession s, ArchivedFragmentInfo f) {
        if (s.playbackMode() == HlsSession.PlaybackMode.LIVE) {
            return true;
        }
        long t = f.timestamp(s.kind());
        return t >= s.startMillis() && t <= s.endMillis();
    }
}
