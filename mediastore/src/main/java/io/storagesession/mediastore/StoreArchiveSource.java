package io.storagesession.mediastore;

import io.storagesession.api.http.ApiException;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.Stream;
import io.storagesession.codecs.mkv.MatroskaCodecIds;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.mkv.MkvHeader;
import io.storagesession.mediastore.mkv.TrackInfo;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.FragmentStore;
import io.storagesession.mediastore.store.IndexedFragment;
import io.storagesession.mediastore.store.StoredFrame;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * HLS playback's view of the store ({@link ArchiveSource}): streams from the registry, fragments from the
 * {@link FragmentStore}'s index, their frames read on the store's I/O threads. A fragment's media sequence number is
 * its ordinal in the stream, which the store keeps across retention and restarts; its track set is numbered by
 * distinct stream header (the first header a stream used since the store opened is 0, the next different one 1, …),
 * so identical headers share an init segment and a change of tracks (a new resolution) gets a new one. Tracks of
 * codecs HLS cannot carry are left out; the packager refuses a stream with none left. A track of a codec it carries
 * whose codec private data is missing or unreadable, or which declares no picture size or audio settings, makes its
 * track set unplayable: asking for its tracks fails with the KVS error {@link TrackCodecs} names for it (400:
 * MissingCodecPrivateDataException, InvalidCodecPrivateDataException, UnsupportedStreamMediaTypeException), which
 * GetHLSStreamingSessionURL, GetDASHStreamingSessionURL and every playlist, manifest and fragment then answer; the
 * fragments themselves are still listed.
 */
final class StoreArchiveSource implements ArchiveSource {
    private final Vertx vertx;
    private final Registry registry;
    private final FragmentStore store;
    private final Duration maxFragmentDuration;
    /** Per stream ARN: header → track-set number, and back. */
    private final Map<String, TrackSets> trackSets = new ConcurrentHashMap<>();

    /** @param maxFragmentDuration PutMedia's limit ({@code media-store.limits.max-fragment-duration}) */
    StoreArchiveSource(Vertx vertx, Registry registry, FragmentStore store, Duration maxFragmentDuration) {
        this.vertx = vertx;
        this.registry = registry;
        this.store = store;
        this.maxFragmentDuration = maxFragmentDuration;
    }

    /** PutMedia refuses fragments longer than its configured limit, so no stored fragment exceeds it. */
    @Override
    public Duration maxFragmentDuration() {
        return maxFragmentDuration;
    }

    @Override
    public Future<ArchivedStream> stream(String streamName, String streamArn) {
        Optional<Stream> found =
                streamArn != null ? registry.streamByArn(streamArn) : registry.streamByName(streamName);
        if (found.isEmpty() || streamName != null && streamArn != null && !found.get().name().equals(streamName)) {
            return Future.failedFuture(ApiException.resourceNotFound("The stream "
                    + (streamArn != null ? streamArn : streamName) + " does not exist"));
        }
        Stream s = found.get();
        return Future.succeededFuture(new ArchivedStream(s.name(), s.arn(), s.dataRetentionInHours()));
    }

    @Override
    public Future<List<ArchivedFragmentInfo>> fragments(FragmentQuery query) {
        TimestampKind kind = kind(query.kind());
        List<IndexedFragment> found = store.indexed(query.streamArn(), kind, query.fromMillis(), query.toMillis(),
                query.limit(), query.end() == FragmentQuery.End.NEWEST);
        List<ArchivedFragmentInfo> out = new ArrayList<>(found.size());
        for (IndexedFragment f : found) {
            ArchivedFragmentInfo info = info(query.streamArn(), f);
            // Fragments resent under one producer timestamp: the largest number is the one a reader keeps.
            if (kind == TimestampKind.PRODUCER_TIMESTAMP && !out.isEmpty()
                    && out.get(out.size() - 1).producerTimestampMillis() == info.producerTimestampMillis()) {
                out.set(out.size() - 1, info);
            } else {
                out.add(info);
            }
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<ArchivedFragment> fragment(String streamArn, String fragmentNumber) {
        long number;
        try {
            number = Long.parseLong(fragmentNumber);
        } catch (NumberFormatException e) {
            return Future.failedFuture(notFound(streamArn, fragmentNumber));
        }
        Optional<IndexedFragment> indexed = store.indexed(streamArn, number);
        if (indexed.isEmpty()) {
            return Future.failedFuture(notFound(streamArn, fragmentNumber));
        }
        ArchivedFragmentInfo info = info(streamArn, indexed.get());
        return Future.fromCompletionStage(store.readAsync(streamArn, number), vertx.getOrCreateContext())
                .compose(stored -> stored.isEmpty() ? Future.failedFuture(notFound(streamArn, fragmentNumber))
                        : Future.succeededFuture(new ArchivedFragment(info, frames(stored.get().frames()))));
    }

    @Override
    public Future<List<ArchivedTrack>> tracks(String streamArn, long tracksSequence) {
        TrackSet set = trackSets(streamArn).set(tracksSequence);
        if (set == null) {
            return Future.failedFuture(ApiException.resourceNotFound("No track set " + tracksSequence + " in "
                    + streamArn));
        }
        return set.refusal() != null ? Future.failedFuture(set.refusal()) : Future.succeededFuture(set.tracks());
    }

    @Override
    public AutoCloseable onPersisted(String streamArn, Consumer<ArchivedFragmentInfo> listener) {
        Runnable stop = store.onPersisted(streamArn, info -> store.indexed(streamArn, info.number())
                .ifPresent(f -> listener.accept(info(streamArn, f))));
        return stop::run;
    }

    private ArchivedFragmentInfo info(String arn, IndexedFragment f) {
        FragmentInfo i = f.info();
        return new ArchivedFragmentInfo(i.numberString(), i.producerTimestampMillis(), i.serverTimestampMillis(),
                i.durationMillis(), i.sizeBytes(), f.ordinal(), trackSets(arn).number(f.header()));
    }

    private TrackSets trackSets(String arn) {
        return trackSets.computeIfAbsent(arn, a -> new TrackSets());
    }

    private static List<ArchivedFrame> frames(List<StoredFrame> stored) {
        List<ArchivedFrame> frames = new ArrayList<>(stored.size());
        for (StoredFrame f : stored) {
            frames.add(new ArchivedFrame((int) f.track(), f.timestampMillis(), f.keyframe(), f.data()));
        }
        return frames;
    }

    private static TimestampKind kind(TimestampKind kind) {
        return kind == TimestampKind.PRODUCER_TIMESTAMP ? TimestampKind.PRODUCER_TIMESTAMP
                : TimestampKind.SERVER_TIMESTAMP;
    }

    private static ApiException notFound(String arn, String number) {
        return ApiException.resourceNotFound("No fragment " + number + " in " + arn);
    }

    /** The HLS tracks of one stream header, or the KVS error that refuses to play it. */
    private record TrackSet(List<ArchivedTrack> tracks, ApiException refusal) {
        static TrackSet of(List<TrackInfo> header) {
            List<ArchivedTrack> out = new ArrayList<>();
            for (TrackInfo t : header) {
                if (!TrackCodecs.isPlayed(t.codecId())) {
                    // Not playable over HLS (KVS's HLS takes H.264/H.265 video and AAC audio): left out.
                    continue;
                }
                try {
                    TrackCodecs.requirePlayable(t);
                } catch (ApiException e) {
                    return new TrackSet(List.of(), e);
                }
                int n = (int) t.number();
                out.add(switch (t.codecId()) {
                    case MatroskaCodecIds.AVC ->
                            ArchivedTrack.h264(n, t.codecPrivate(), t.pixelWidth(), t.pixelHeight());
                    case MatroskaCodecIds.OPUS -> ArchivedTrack.opus(n, t.codecPrivate());
                    default -> ArchivedTrack.aac(n, t.codecPrivate(), (int) t.samplingFrequency(), t.channels());
                });
            }
            return new TrackSet(List.copyOf(out), null);
        }
    }

    /** The distinct stream headers of one stream, numbered in order of first use, with their HLS tracks. */
    private static final class TrackSets {
        private final Map<MkvHeader, Long> numbers = new ConcurrentHashMap<>();
        private final Map<Long, TrackSet> sets = new ConcurrentHashMap<>();

        synchronized long number(MkvHeader header) {
            Long known = numbers.get(header);
            if (known != null) {
                return known;
            }
            long next = numbers.size();
            sets.put(next, TrackSet.of(header.tracks()));
            numbers.put(header, next);
            return next;
        }

        TrackSet set(long number) {
            return sets.get(number);
        }
    }
}
