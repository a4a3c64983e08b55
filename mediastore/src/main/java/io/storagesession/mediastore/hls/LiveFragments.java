package io.storagesession.mediastore.hls;

import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest fragments of each stream being played LIVE, kept current by {@link ArchiveSource#onPersisted} so that LIVE
 * playlist reloads — once a second per player, as KVS advises — do not list the store each time. A stream's window is
 * made on its first LIVE request (subscribe first, then list the newest {@value HlsSessionRequest#MAX_RESULTS}, so no
 * fragment falls between the two) and dropped, with its subscription, once no LIVE request has asked for it for the
 * idle time. Holds at most MaxMediaPlaylistFragmentResults' maximum per stream, and counts the discontinuities of
 * the fragments that slide out of it, so that LIVE playlists can number theirs (EXT-X-DISCONTINUITY-SEQUENCE).
 *
 * <p>Thread-safe: listeners run on the store's threads, requests on event loops; each window is guarded by itself.
 */
final class LiveFragments implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFragments.class);
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final ArchiveSource source;
    private final long idleMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    LiveFragments(ArchiveSource source, long idleMillis) {
        this.source = source;
        this.idleMillis = idleMillis;
    }

    /** The newest {@code limit} fragments of the stream by server timestamp, ascending. */
    Future<List<ArchivedFragmentInfo>> newest(String streamArn, int limit, long nowMillis) {
        evictIdle(nowMillis);
        Window window = windows.get(streamArn);
        if (window == null) {
            // made outside the map: subscribing and listing call into the store
            Window made = new Window(streamArn);
            window = windows.putIfAbsent(streamArn, made);
            if (window == null) {
                window = made;
            } else {
                made.close();
            }
        }
        window.touched = nowMillis;
        Window w = window;
        return w.ready.map(v -> w.newest(limit)).onFailure(e -> {
            // a failed first listing is retried by the next request
            if (windows.remove(streamArn, w)) {
                w.close();
            }
        });
    }

    /**
     * The ON_DISCONTINUITY discontinuities of a watched stream up to and including the boundary into {@code first},
     * one of the fragments {@link #newest} just gave: a LIVE playlist's EXT-X-DISCONTINUITY-SEQUENCE (RFC 8216
     * §4.3.3.3). Counted from the fragment that was the stream's oldest in the window when the count for this timeline
     * and tolerance began, so it stays the same from reload to reload while the window slides (§6.2.2), for as long as
     * the stream is watched; 0 for a stream not watched.
     */
    long discontinuitiesThrough(String streamArn, ArchivedFragmentInfo first, TimestampKind kind,
            long toleranceMillis) {
        Window window = windows.get(streamArn);
        return window == null ? 0 : window.discontinuitiesThrough(first, new Rule(kind, toleranceMillis));
    }

    int watchedStreams() {
        return windows.size();
    }

    private void evictIdle(long nowMillis) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (nowMillis - w.touched > idleMillis) {
                it.remove();
                w.close();
            }
        }
    }

    @Override
    public void close() {
        windows.values().forEach(Window::close);
        windows.clear();
    }

    /** What makes a boundary a discontinuity in ON_DISCONTINUITY mode: the session's timeline and the tolerance. */
    private record Rule(TimestampKind kind, long toleranceMillis) {
    }

    /** One stream's newest fragments in ascending sequence order, capped at the largest playlist KVS allows. */
    private final class Window {
        private final ArrayDeque<ArchivedFragmentInfo> fragments = new ArrayDeque<>();
        /** Per rule asked for: discontinuities at boundaries that slid out of the window since it was first asked. */
        private final Map<Rule, Long> slidOut = new HashMap<>();
        private final AutoCloseable subscription;
        private final Future<Void> ready;
        private volatile long touched;

        Window(String streamArn) {
            subscription = source.onPersisted(streamArn, this::add);
            ready = source.fragments(new FragmentQuery(streamArn, TimestampKind.SERVER_TIMESTAMP, 0, NO_LIMIT,
                    HlsSessionRequest.MAX_RESULTS, FragmentQuery.End.NEWEST)).map(listed -> {
                        listed.forEach(this::add);
                        return null;
                    });
        }

        /** Inserts in sequence order (a listed fragment may arrive after a newer persisted one); ignores repeats. */
        synchronized void add(ArchivedFragmentInfo f) {
            List<ArchivedFragmentInfo> later = new ArrayList<>();
            while (!fragments.isEmpty() && fragments.peekLast().sequence() > f.sequence()) {
                later.add(0, fragments.pollLast());
            }
            if (fragments.isEmpty() || fragments.peekLast().sequence() != f.sequence()) {
                fragments.addLast(f);
            }
            fragments.addAll(later);
            while (fragments.size() > HlsSessionRequest.MAX_RESULTS) {
                ArchivedFragmentInfo gone = fragments.pollFirst();
                ArchivedFragmentInfo oldest = fragments.peekFirst();
                slidOut.replaceAll((rule, count) -> MediaPlaylist.discontinuity(
                        HlsSession.DiscontinuityMode.ON_DISCONTINUITY, gone, oldest, rule.kind(),
                        gone.tracksSequence() != oldest.tracksSequence(), rule.toleranceMillis()) ? count + 1 : count);
            }
        }

        synchronized long discontinuitiesThrough(ArchivedFragmentInfo first, Rule rule) {
            return slidOut.computeIfAbsent(rule, r -> 0L) + MediaPlaylist.countDiscontinuities(fragments, rule.kind(),
                    rule.toleranceMillis(), first);
        }

        synchronized List<ArchivedFragmentInfo> newest(int limit) {
            List<ArchivedFragmentInfo> all = new ArrayList<>(fragments);
            return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
        }

        void close() {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("closing a LIVE subscription failed", e);
            }
        }
    }
}
