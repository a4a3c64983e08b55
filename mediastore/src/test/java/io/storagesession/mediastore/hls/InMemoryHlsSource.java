package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An {@link HlsSource} over fragments held in memory: what the tests play, and the contract the store implements. */
final class InMemoryHlsSource implements HlsSource {
    private final HlsStream stream;
    private final Map<Long, List<HlsTrack>> trackSets = new HashMap<>();
    private final Map<String, HlsFragment> fragments = new LinkedHashMap<>();
    private final List<Consumer<HlsFragmentInfo>> listeners = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();

    private volatile java.time.Duration maxFragmentDuration = KVS_MAX_FRAGMENT_DURATION;

    InMemoryHlsSource(HlsStream stream) {
        this.stream = stream;
    }

    /** The limit {@link #maxFragmentDuration()} reports, as a store with another PutMedia limit would. */
    void maxFragmentDuration(java.time.Duration limit) {
        maxFragmentDuration = limit;
    }

    @Override
    public java.time.Duration maxFragmentDuration() {
        return maxFragmentDuration;
    }

    synchronized void tracks(long tracksSequence, List<HlsTrack> tracks) {
        trackSets.put(tracksSequence, List.copyOf(tracks));
    }

    void add(HlsFragment fragment) {
        synchronized (this) {
            fragments.put(fragment.info().fragmentNumber(), fragment);
        }
        listeners.forEach(l -> l.accept(fragment.info()));
    }

    void addAll(List<HlsFragment> all) {
        all.forEach(this::add);
    }

    @Override
    public Future<HlsStream> stream(String streamName, String streamArn) {
        if ((streamName != null && !streamName.equals(stream.name()))
                || (streamName == null && !stream.arn().equals(streamArn))) {
            return Future.failedFuture(ApiException.resourceNotFound("The stream does not exist"));
        }
        return Future.succeededFuture(stream);
    }

    @Override
    public synchronized Future<List<HlsFragmentInfo>> fragments(HlsFragmentQuery q) {
        listings.incrementAndGet();
        Map<Long, HlsFragmentInfo> byTimestamp = new HashMap<>();
        List<HlsFragmentInfo> selected = new ArrayList<>();
        for (HlsFragment f : fragments.values()) {
            HlsFragmentInfo info = f.info();
            long t = info.timestamp(q.kind());
            if (!q.streamArn().equals(stream.arn()) || t < q.fromMillis() || t > q.toMillis()) {
                continue;
            }
            if (q.kind() == HlsTimestampKind.PRODUCER_TIMESTAMP) {
                // KVS keeps the newest fragment (largest number) of those with the same producer timestamp
                byTimestamp.merge(t, info, (a, b) -> new BigInteger(a.fragmentNumber())
                        .compareTo(new BigInteger(b.fragmentNumber())) >= 0 ? a : b);
            } else {
                selected.add(info);
            }
        }
        selected.addAll(byTimestamp.values());
        selected.sort(Comparator.comparingLong(i -> i.timestamp(q.kind())));
        int n = Math.min(q.limit(), selected.size());
        List<HlsFragmentInfo> out = q.end() == HlsFragmentQuery.End.OLDEST
                ? selected.subList(0, n) : selected.subList(selected.size() - n, selected.size());
        return Future.succeededFuture(List.copyOf(out));
    }

    @Override
    public synchronized Future<HlsFragment> fragment(String streamArn, String fragmentNumber) {
        HlsFragment f = stream.arn().equals(streamArn) ? fragments.get(fragmentNumber) : null;
        return f == null ? Future.failedFuture(ApiException.resourceNotFound("No fragment " + fragmentNumber))
                : Future.succeededFuture(f);
    }

    @Override
    public synchronized Future<List<HlsTrack>> tracks(String streamArn, long tracksSequence) {
        List<HlsTrack> t = trackSets.get(tracksSequence);
        return t == null ? Future.failedFuture(ApiException.resourceNotFound("No track set " + tracksSequence))
                : Future.succeededFuture(t);
    }

    int listeners() {
        return listeners.size();
    }

    @Override
    public AutoCloseable onPersisted(String streamArn, Consumer<HlsFragmentInfo> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
