package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.store.TimestampKind;
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

/**
 * An {@link ArchiveSource} over fragments held in memory: what the tests play, and the contract the store implements.
 */
final class InMemoryArchiveSource implements ArchiveSource {
    private final ArchivedStream stream;
    private final Map<Long, List<ArchivedTrack>> trackSets = new HashMap<>();
    private final Map<String, ArchivedFragment> fragments = new LinkedHashMap<>();
    private final List<Consumer<ArchivedFragmentInfo>> listeners = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger listings = new java.util.concurrent.atomic.AtomicInteger();

    private volatile java.time.Duration maxFragmentDuration = KVS_MAX_FRAGMENT_DURATION;

    InMemoryArchiveSource(ArchivedStream stream) {
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

    synchronized void tracks(long tracksSequence, List<ArchivedTrack> tracks) {
        trackSets.put(tracksSequence, List.copyOf(tracks));
    }

    void add(ArchivedFragment fragment) {
        synchronized (this) {
            fragments.put(fragment.info().fragmentNumber(), fragment);
        }
        listeners.forEach(l -> l.accept(fragment.info()));
    }

    void addAll(List<ArchivedFragment> all) {
        all.forEach(this::add);
    }

    @Override
    public Future<ArchivedStream> stream(String streamName, String streamArn) {
        if ((streamName != null && !streamName.equals(stream.name()))
                || (streamName == null && !stream.arn().equals(streamArn))) {
            return Future.failedFuture(ApiException.resourceNotFound("The stream does not exist"));
        }
        return Future.succeededFuture(stream);
    }

    @Override
    public synchronized Future<List<ArchivedFragmentInfo>> fragments(FragmentQuery q) {
        listings.incrementAndGet();
        Map<Long, ArchivedFragmentInfo> byTimestamp = new HashMap<>();
        List<ArchivedFragmentInfo> selected = new ArrayList<>();
        for (ArchivedFragment f : fragments.values()) {
            ArchivedFragmentInfo info = f.info();
            long t = info.timestamp(q.kind());
            if (!q.streamArn().equals(stream.arn()) || t < q.fromMillis() || t > q.toMillis()) {
                continue;
            }
            if (q.kind() == TimestampKind.PRODUCER_TIMESTAMP) {
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
        List<ArchivedFragmentInfo> out = q.end() == FragmentQuery.End.OLDEST
                ? selected.subList(0, n) : selected.subList(selected.size() - n, selected.size());
        return Future.succeededFuture(List.copyOf(out));
    }

    @Override
    public synchronized Future<ArchivedFragment> fragment(String streamArn, String fragmentNumber) {
        ArchivedFragment f = stream.arn().equals(streamArn) ? fragments.get(fragmentNumber) : null;
        return f == null ? Future.failedFuture(ApiException.resourceNotFound("No fragment " + fragmentNumber))
                : Future.succeededFuture(f);
    }

    @Override
    public synchronized Future<List<ArchivedTrack>> tracks(String streamArn, long tracksSequence) {
        List<ArchivedTrack> t = trackSets.get(tracksSequence);
        return t == null ? Future.failedFuture(ApiException.resourceNotFound("No track set " + tracksSequence))
                : Future.succeededFuture(t);
    }

    int listeners() {
        return listeners.size();
    }

    @Override
    public AutoCloseable onPersisted(String streamArn, Consumer<ArchivedFragmentInfo> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
