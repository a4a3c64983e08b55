package io.storagesession.mediastore.clip;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.PerKeyRateLimiter;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.MediaStoreMetrics;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.fmp4.SegmentBuffers;
import io.storagesession.mediastore.mkv.TrackInfo;
import io.storagesession.mediastore.read.StreamLookup;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /getClip} (KVS-WIRE.md §6; the GetClip API reference): an MP4 of the stream's archived media in a time
 * range, on the data endpoint, SigV4-signed like the other data-plane reads (NotAuthorizedException, 401, when
 * denied). Before anything is answered, in this order:
 * <ol>
 * <li>the ClipFragmentSelector is validated ({@link ClipRequest});</li>
 * <li>the stream is resolved and authorised ({@link StreamLookup}; ResourceNotFoundException when unknown);</li>
 * <li>a stream with DataRetentionInHours 0 is refused (NoDataRetentionException);</li>
 * <li>the stream's call quota is taken (ClientLimitExceededException; KVS: 1 call/s per stream);</li>
 * <li>the tracks of every stream header in the range are checked ({@link ClipCodecs});</li>
 * <li>the fragments are listed and cut to the clip limits ({@link ClipSelection}; ResourceNotFoundException when
 * there are none);</li>
 * <li>the clip's tracks must be the same for all of them (InvalidCodecPrivateDataException otherwise: "CPD changes
 * aren't supported between the target fragments", "Tracks must remain consistent throughout the queried
 * media");</li>
 * <li>the first fragment is read and packaged.</li>
 * </ol>
 * Only then does {@link ClipResponse} answer 200 and stream the rest.
 *
 * <p>Nothing blocks the event loop: the list and tracks come from the store's index, the fragments from its I/O
 * threads as futures.
 */
public final class GetClipApi {
    public static final String PATH = "/getClip";
    public static final String OPERATION = "GetClip";

    private final StreamLookup lookup;
    private final ArchiveSource source;
    private final ClipHeaders headers;
    private final ClipSettings settings;
    private final Clock clock;
    private final PerKeyRateLimiter quota;
    private final ClipResponse.Env env;

    public GetClipApi(StreamLookup lookup, ArchiveSource source, ClipHeaders headers, ClipSettings settings,
                      ClipMetrics metrics, MediaStoreMetrics served, Clock clock) {
        this.lookup = lookup;
        this.source = source;
        this.headers = headers;
        this.settings = settings;
        this.clock = clock;
        // a bucket holds at least one call, so a rate below 1/s still lets a call through now and then
        this.quota = new PerKeyRateLimiter(settings.callsPerSecondPerStream(),
                Math.max(1, settings.callsPerSecondPerStream()), settings.rateLimiterSweepThreshold(), clock);
        this.env = new ClipResponse.Env(source, metrics, served, new SegmentBuffers(settings.initialBufferBytes(),
                settings.maxRetainedBufferBytes()));
    }

    public ApiOperation operation() {
        return ApiOperation.signaling(PATH, OPERATION, this::clip);
    }

    private Future<JsonObject> clip(ApiCall call) {
        ClipRequest request = ClipRequest.parse(call.body(), clock.millis());
        Stream stream = lookup.stream(call);
        if (stream.dataRetentionInHours() == 0) {
            throw ArchiveErrors.noDataRetention("The stream " + stream.name() + " does not retain data "
                    + "(DataRetentionInHours is 0)");
        }
        if (!quota.tryAcquire(stream.arn())) {
            throw ApiException.clientLimitExceeded("GetClip is limited to " + settings.callsPerSecondPerStream()
                    + " call(s) per second per stream");
        }
        FragmentQuery query = new FragmentQuery(stream.arn(), request.kind(), request.startMillis(),
                request.endMillis(), settings.maxFragments(), FragmentQuery.End.OLDEST);
        for (List<TrackInfo> tracks : headers.tracks(query)) {
            ClipCodecs.check(tracks);
        }
        Context context = Vertx.currentContext();
        return source.fragments(query)
                .map(found -> ClipSelection.of(found, settings.maxFragments(), settings.maxBytes()))
                .compose(selection -> tracks(stream.arn(), selection.fragments())
                        .compose(tracks -> source.fragment(stream.arn(), selection.first().fragmentNumber())
                                .compose(first -> new ClipResponse(env, context, call.context().request(),
                                        call.requestId(), stream.arn(), selection.fragments(),
                                        new ClipWriter(tracks, settings.fallbackVideoFrame().toMillis()))
                                        .start(first))));
    }

    /** The clip's tracks: those of its first fragment, which every other fragment of the clip must have too. */
    private Future<List<ArchivedTrack>> tracks(String arn, List<ArchivedFragmentInfo> fragments) {
        Map<Long, ArchivedFragmentInfo> firstOfSet = new LinkedHashMap<>();
        for (ArchivedFragmentInfo f : fragments) {
            firstOfSet.putIfAbsent(f.tracksSequence(), f);
        }
        List<Future<List<ArchivedTrack>>> sets = new ArrayList<>();
        for (long sequence : firstOfSet.keySet()) {
            sets.add(source.tracks(arn, sequence));
        }
        List<ArchivedFragmentInfo> starts = List.copyOf(firstOfSet.values());
        return Future.all(sets).map(all -> sameTracks(all, starts));
    }

    private static List<ArchivedTrack> sameTracks(CompositeFuture all, List<ArchivedFragmentInfo> starts) {
        List<ArchivedTrack> clip = all.resultAt(0);
        if (clip.isEmpty() || !clip.get(0).isVideo()) {
            throw ArchiveErrors.unsupportedMediaType("The stream's first track is not H.264 video");
        }
        for (int i = 1; i < all.size(); i++) {
            List<ArchivedTrack> other = all.resultAt(i);
            if (!other.equals(clip)) {
                throw ArchiveErrors.invalidCodecPrivateData("The tracks or their codec private data change within the "
                        + "clip at fragment " + starts.get(i).fragmentNumber() + " (" + other + " after " + clip
                        + "); ask for a range on one side of the change");
            }
        }
        return clip;
    }
}
