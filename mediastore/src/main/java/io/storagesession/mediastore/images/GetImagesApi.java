package io.storagesession.mediastore.images;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.read.StreamLookup;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * {@code POST /getImages} (KVS-WIRE.md §6; the AWS model's GetImages, SigV4 {@code kinesisvideo} like the other
 * data-plane reads): images of a stored stream every {@code SamplingInterval} from {@code StartTimestamp} to
 * {@code EndTimestamp}, as {@code {"Images":[{"TimeStamp","ImageContent"|"Error"}],"NextToken"}}, one page of at most
 * the configured page size (KVS: 25) at a time.
 *
 * <p>Order of checks: the request's fields ({@link ImagesRequest}: InvalidArgumentException, SerializationException),
 * the stream and the caller's right to it ({@link StreamLookup}: ResourceNotFoundException 404, NotAuthorizedException
 * 401), a stream that keeps no data (NoDataRetentionException 400, which the model documents for a stream with
 * DataRetentionInHours 0), the NextToken ({@link ImagesPageToken}), and admission to the decode executor
 * (ClientLimitExceededException 400). Samples without media are {@code NO_MEDIA} images, not an error: the model
 * answers ResourceNotFoundException for GetImages only when the stream does not exist.
 *
 * <p>Threads: the handler and every step between fragments run on the request's event loop; fragments are read on the
 * store's I/O threads ({@link ArchiveSource} futures) and decoded on the {@link DecodeExecutor}, and the answer is
 * built back on the event loop.
 */
public final class GetImagesApi implements AutoCloseable {
    private final Vertx vertx;
    private final StreamLookup lookup;
    private final ArchiveSource source;
    private final ImagesSettings settings;
    private final long maxFragmentMillis;
    private final DecodeExecutor decoder;
    private final ImagesPageToken tokens;
    private final ImagesMetrics metrics;
    private final FragmentImages.Maker maker;

    /**
     * @param maxFragmentDuration the longest fragment the store accepts ({@code media-store.limits}): how far back
     *                            from a sample the fragment holding it may start
     */
    public GetImagesApi(Vertx vertx, StreamLookup lookup, ArchiveSource source, ImagesSettings settings,
                        Duration maxFragmentDuration, Metrics metrics) {
        this.vertx = vertx;
        this.lookup = lookup;
        this.source = source;
        this.settings = settings;
        this.maxFragmentMillis = maxFragmentDuration.toMillis();
        this.decoder = new DecodeExecutor(settings.decodeThreads(), settings.decodeQueue(),
                settings.decodeThreadIdle());
        this.tokens = new ImagesPageToken(settings.tokenKey());
        this.metrics = new ImagesMetrics(metrics);
        this.maker = new FragmentImages.Maker(settings.maxPicturePixels(), new PictureCache(settings.cacheBytes()),
                this.metrics, settings.png(), PictureScaler.algorithm(settings.scaler()));
    }

    public ApiOperation operation() {
        return ApiOperation.signaling("/getImages", "GetImages", this::getImages);
    }

    private Future<JsonObject> getImages(ApiCall call) {
        ImagesRequest request = ImagesRequest.parse(call, settings.pageSize());
        Stream stream = lookup.stream(call);
        if (stream.dataRetentionInHours() == 0) {
            throw ArchiveErrors.noDataRetention("Stream " + stream.name()
                    + " keeps no media (DataRetentionInHours is 0), so it has no images");
        }
        int first = request.nextToken() == null ? 0 : tokens.verify(request.nextToken(), stream.arn(), request);
        int samples = Math.min(request.pageSize(), request.sampleCount() - first);
        DecodeExecutor.Lease lease;
        try {
            lease = decoder.admit();
        } catch (ApiException refused) {
            metrics.refused();
            throw refused;
        }
        try {
            Context context = vertx.getOrCreateContext();
            ImagePage page = new ImagePage(source, stream.arn(), request, first, samples, maxFragmentMillis, lease,
                    context, maker);
            return page.run().map(images -> {
                JsonObject answer = new JsonObject().put("Images", images);
                int next = first + samples;
                if (next < request.sampleCount()) {
                    answer.put("NextToken", tokens.issue(stream.arn(), request, next));
                }
                return answer;
            }).onComplete(done -> lease.close());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The decode executor, for tests that fill it. */
    DecodeExecutor decoder() {
        return decoder;
    }

    /** The counters, for tests that count decodes. */
    ImagesMetrics metrics() {
        return metrics;
    }

    /** Stops the decode threads (running decodes get a few seconds to finish). */
    @Override
    public void close() {
        decoder.close();
    }
}
