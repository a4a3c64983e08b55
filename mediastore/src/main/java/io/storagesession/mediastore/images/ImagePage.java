package io.storagesession.mediastore.images;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.read.Timestamps;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One page of a GetImages answer: its samples placed on stored fragments, the fragments read one at a time and their
 * pictures made on the decode executor, the Images put together. Runs on the request's event loop; only the
 * {@link FragmentImages} tasks leave it.
 *
 * <p><b>Which frame a sample shows.</b> Sample time t shows the first video frame at or after t (KVS: the next frame
 * from each sample time), on the selector's timeline: a frame's producer timestamp, or for SERVER_TIMESTAMP its
 * fragment's server timestamp plus its offset in the fragment. The frame must come before the next sample
 * (t + SamplingInterval), else the sample is {@code NO_MEDIA}: a gap in the stream shows as missing images, not as a
 * later picture repeated. The frame is looked for in the fragment that covers t (the latest one starting at or before
 * t, if it lasts until t) and, when that fragment has no video frame left at or after t, in the first fragment
 * starting after t within the sample's slot. Both are found in the store's index before any media is read.
 *
 * <p><b>Cost.</b> Only fragments holding a sample's frame are read, one at a time, so a request holds one fragment's
 * media in memory; each is decoded in one task ({@link FragmentImages}) on the request's decode lease.
 */
final class ImagePage {
    /** Which fragments a page touches, in time order (then ingestion order) on the selector's timeline. */
    private record FragmentKey(long timestamp, long sequence) implements Comparable<FragmentKey> {
        @Override
        public int compareTo(FragmentKey o) {
            int byTime = Long.compare(timestamp, o.timestamp);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }

    /** A fragment to read and the page's samples (indices) whose frame is looked for in it. */
    private record FragmentWork(ArchivedFragmentInfo info, List<Integer> samples) {
    }

    /** What the source answers for a fragment it no longer has (ArchiveSource's contract). */
    private static final String NOT_FOUND = "ResourceNotFoundException";

    private final ArchiveSource source;
    private final String streamArn;
    private final ImagesRequest request;
    private final int firstSample;
    private final long maxFragmentMillis;
    private final DecodeExecutor.Lease lease;
    private final Context context;
    private final FragmentImages.Maker maker;
    private final ArchivedFragmentInfo[] nextFragment;
    private final String[] content;
    private final ImageError[] error;
    private final TreeMap<FragmentKey, FragmentWork> work = new TreeMap<>();

    /**
     * @param firstSample       the page's first sample in the request; the page holds {@code samples} of them
     * @param maxFragmentMillis the longest fragment the store accepts: how far before a sample its fragment may start
     * @param context           the request's event loop, where the decode tasks' results come back
     */
    ImagePage(ArchiveSource source, String streamArn, ImagesRequest request, int firstSample, int samples,
              long maxFragmentMillis, DecodeExecutor.Lease lease, Context context, FragmentImages.Maker maker) {
        this.source = source;
        this.streamArn = streamArn;
        this.request = request;
        this.firstSample = firstSample;
        this.maxFragmentMillis = maxFragmentMillis;
        this.lease = lease;
        this.context = context;
        this.maker = maker;
        this.nextFragment = new ArchivedFragmentInfo[samples];
        this.content = new String[samples];
        this.error = new ImageError[samples];
        Arrays.fill(error, ImageError.NO_MEDIA);
    }

    /** The page's Images, in sample order. */
    Future<JsonArray> run() {
        return place().compose(v -> processAfter(null)).map(v -> images());
    }

    private long time(int sample) {
        return request.sampleMillis(firstSample + sample);
    }

    private long slotEnd(int sample) {
        return time(sample) + request.intervalMillis();
    }

    private TimestampKind kind() {
        return request.kind();
    }

    /** Finds, for every sample, the fragment that covers it and the one that starts next within its slot. */
    private Future<Void> place() {
        List<Future<Void>> lookups = new ArrayList<>(content.length);
        for (int i = 0; i < content.length; i++) {
            int sample = i;
            long t = time(sample);
            Future<List<ArchivedFragmentInfo>> covering = source.fragments(new FragmentQuery(streamArn, kind(),
                    t - maxFragmentMillis, t, 1, FragmentQuery.End.NEWEST));
            Future<List<ArchivedFragmentInfo>> next = source.fragments(new FragmentQuery(streamArn, kind(), t + 1,
                    slotEnd(sample) - 1, 1, FragmentQuery.End.OLDEST));
            lookups.add(covering.compose(c -> next.map(n -> {
                place(sample, c.isEmpty() ? null : c.get(0), n.isEmpty() ? null : n.get(0));
                return null;
            })));
        }
        return Future.all(lookups).mapEmpty();
    }

    private void place(int sample, ArchivedFragmentInfo covering, ArchivedFragmentInfo next) {
        nextFragment[sample] = next;
        if (covering != null && time(sample) <= covering.timestamp(kind()) + covering.durationMillis()) {
            workOf(covering).samples().add(sample);
        } else if (next != null) {
            workOf(next).samples().add(sample);
        }
    }

    private FragmentWork workOf(ArchivedFragmentInfo info) {
        return work.computeIfAbsent(keyOf(info), k -> new FragmentWork(info, new ArrayList<>()));
    }

    private FragmentKey keyOf(ArchivedFragmentInfo info) {
        return new FragmentKey(info.timestamp(kind()), info.sequence());
    }

    /** Processes the fragments in time order, one at a time; a fragment may add samples to a later one. */
    private Future<Void> processAfter(FragmentKey previous) {
        Map.Entry<FragmentKey, FragmentWork> next = previous == null ? work.firstEntry() : work.higherEntry(previous);
        if (next == null) {
            return Future.succeededFuture();
        }
        return process(next.getKey(), next.getValue()).compose(v -> processAfter(next.getKey()));
    }

    private Future<Void> process(FragmentKey key, FragmentWork fragmentWork) {
        ArchivedFragmentInfo info = fragmentWork.info();
        return source.fragment(streamArn, info.fragmentNumber()).compose(
                fragment -> source.tracks(streamArn, info.tracksSequence())
                        .compose(tracks -> images(key, fragmentWork, fragment, tracks),
                                noTracks -> fail(fragmentWork.samples())),
                failure -> {
                    if (failure instanceof ApiException e && NOT_FOUND.equals(e.type())) {
                        // Gone since it was listed (retention, DeleteStream): as if it had never been there.
                        fragmentWork.samples().forEach(sample -> carry(key, sample));
                        return Future.succeededFuture();
                    }
                    return Future.failedFuture(failure);
                });
    }

    private Future<Void> images(FragmentKey key, FragmentWork fragmentWork, ArchivedFragment fragment,
                                List<ArchivedTrack> tracks) {
        ArchivedTrack h264 =
                tracks.stream().filter(t -> t.codec() == ArchivedTrack.Codec.H264).findFirst().orElse(null);
        if (h264 == null) {
            // Audio only, or a video codec this server cannot decode: the media allows no image.
            return fail(fragmentWork.samples());
        }
        ArchivedFragmentInfo info = fragment.info();
        long offset = info.timestamp(kind()) - info.producerTimestampMillis();
        List<ArchivedFrame> video = fragment.frames().stream().filter(f -> f.trackNumber() == h264.trackNumber())
                .toList();
        List<FragmentImages.Want> wants = new ArrayList<>();
        for (int sample : fragmentWork.samples()) {
            int frame = firstAtOrAfter(video, offset, time(sample));
            if (frame < 0) {
                carry(key, sample);
            } else if (video.get(frame).timecodeMillis() + offset < slotEnd(sample)) {
                wants.add(new FragmentImages.Want(sample, frame));
            }
        }
        if (wants.isEmpty()) {
            return Future.succeededFuture();
        }
        FragmentImages task = maker.task(streamArn, info.fragmentNumber(), h264.codecPrivate(), video, wants,
                request);
        return Future.fromCompletionStage(lease.run(task), context).map(made -> {
            for (FragmentImages.Want want : wants) {
                content[want.sample()] = made.get(want.sample());
                error[want.sample()] = content[want.sample()] == null ? ImageError.MEDIA_ERROR : null;
            }
            return null;
        });
    }

    /** The index of the earliest frame at or after {@code t} on the selector's timeline, or -1. */
    private static int firstAtOrAfter(List<ArchivedFrame> video, long offset, long t) {
        int best = -1;
        long bestTime = Long.MAX_VALUE;
        for (int i = 0; i < video.size(); i++) {
            long time = video.get(i).timecodeMillis() + offset;
            if (time >= t && time < bestTime) {
                best = i;
                bestTime = time;
            }
        }
        return best;
    }

    /** The sample's frame is not in the fragment at {@code key}: look in the next one starting in its slot. */
    private void carry(FragmentKey key, int sample) {
        ArchivedFragmentInfo next = nextFragment[sample];
        if (next != null && keyOf(next).compareTo(key) > 0) {
            workOf(next).samples().add(sample);
        }
    }

    private Future<Void> fail(List<Integer> samples) {
        samples.forEach(sample -> error[sample] = ImageError.MEDIA_ERROR);
        return Future.succeededFuture();
    }

    private JsonArray images() {
        JsonArray images = new JsonArray();
        for (int i = 0; i < content.length; i++) {
            JsonObject image = new JsonObject().put("TimeStamp", Timestamps.seconds(time(i)));
            if (content[i] != null) {
                image.put("ImageContent", content[i]);
                maker.metrics().image("IMAGE");
            } else {
                image.put("Error", error[i].name());
                maker.metrics().image(error[i].name());
            }
            images.add(image);
        }
        return images;
    }
}
