package io.storagesession.mediastore.hls;

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
    /** The window's fragments, ascending, and whether the playlist is complete. */
    record Window(List<HlsFragmentInfo> fragments, boolean ended) {
        boolean isEmpty() {
            return fragments.isEmpty();
        }

        HlsFragmentInfo newest() {
            return fragments.get(fragments.size() - 1);
        }
    }

    private SessionWindow() {
    }

    /** LIVE windows come from the {@code live} cache of the newest fragments, the others from the store. */
    static Future<Window> of(HlsSource source, LiveFragments live, HlsSession s, long nowMillis,
                             long liveFreshnessMillis) {
        return switch (s.playbackMode()) {
            case LIVE -> live.newest(s.streamArn(), s.maxResults(), nowMillis)
                    .map(list -> {
                        boolean fresh = !list.isEmpty()
                                && list.get(list.size() - 1).serverTimestampMillis() >= nowMillis - liveFreshnessMillis;
                        return new Window(fresh ? list : List.of(), false);
                    });
            case LIVE_REPLAY -> liveReplay(source, s, nowMillis);
            case ON_DEMAND -> source.fragments(new HlsFragmentQuery(s.streamArn(), s.kind(), s.startMillis(),
                            s.endMillis(), s.maxResults(), HlsFragmentQuery.End.OLDEST))
                    .map(list -> new Window(list, true));
        };
    }

    private static Future<Window> liveReplay(HlsSource source, HlsSession s, long nowMillis) {
        long released = s.startMillis() + Math.max(0, nowMillis - s.createdMillis());
        boolean ended = s.hasEnd() && released >= s.endMillis();
        long upTo = Math.min(released, s.endMillis());
        return source.fragments(new HlsFragmentQuery(s.streamArn(), s.kind(), s.startMillis(), upTo, s.maxResults(),
                        HlsFragmentQuery.End.NEWEST))
                .compose(list -> {
                    if (!list.isEmpty()) {
                        return Future.succeededFuture(new Window(list, ended));
                    }
                    return source.fragments(new HlsFragmentQuery(s.streamArn(), s.kind(), s.startMillis(),
                                    s.endMillis(), 1, HlsFragmentQuery.End.OLDEST))
                            .map(first -> new Window(first, ended));
                });
    }

    /** Whether a fragment belongs to the session: inside its time range (any fragment of the stream for LIVE). */
    static boolean contains(HlsSession s, HlsFragmentInfo f) {
        if (s.playbackMode() == HlsSession.PlaybackMode.LIVE) {
            return true;
        }
        long t = f.timestamp(s.kind());
        return t >= s.startMillis() && t <= s.endMillis();
    }
}
