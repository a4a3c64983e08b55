package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoAsyncClient;
import software.amazon.awssdk.services.kinesisvideo.model.APIName;
import software.amazon.awssdk.services.kinesisvideo.model.GetDataEndpointRequest;

/**
 * Where a stream's PutMedia goes. Kinesis Video Streams serves each stream's media from its own data endpoint, given by
 * {@code GetDataEndpoint(APIName=PUT_MEDIA)} as a base URL to which clients append {@code /putMedia} (KVS-WIRE.md §1).
 * The answer is cached per stream (the producer SDKs also ask once per stream) and forgotten when a connection to it
 * fails, so that a moved endpoint is found again. For the local media store the endpoint is configured and never asked.
 *
 * <p>The SDK's async client runs the call on its own threads; the result is handed back on the caller's Vert.x
 * context, so no event loop ever waits for it.
 */
public final class PutMediaEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(PutMediaEndpoint.class);

    private final KinesisVideoAsyncClient controlPlane;
    private final Optional<URI> fixed;
    private final Map<StreamId, URI> cache = new ConcurrentHashMap<>();

    private PutMediaEndpoint(KinesisVideoAsyncClient controlPlane, Optional<URI> fixed) {
        this.controlPlane = controlPlane;
        this.fixed = fixed;
    }

    /** Asks Kinesis Video Streams through {@code controlPlane}, which the caller owns and closes. */
    public static PutMediaEndpoint discovered(KinesisVideoAsyncClient controlPlane) {
        return new PutMediaEndpoint(controlPlane, Optional.empty());
    }

    /** Always {@code baseUrl}, the local media store's data endpoint. */
    public static PutMediaEndpoint fixed(URI baseUrl) {
        return new PutMediaEndpoint(null, Optional.of(baseUrl));
    }

    /** The {@code /putMedia} URL of {@code stream}, completed on {@code context}. */
    public Future<URI> putMediaUrl(StreamId stream, Context context) {
        if (fixed.isPresent()) {
            return Future.succeededFuture(withPath(fixed.get()));
        }
        URI cached = cache.get(stream);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        GetDataEndpointRequest.Builder request = GetDataEndpointRequest.builder().apiName(APIName.PUT_MEDIA);
        if (stream.name() != null) {
            request.streamName(stream.name());
        } else {
            request.streamARN(stream.arn());
        }
        return Future.fromCompletionStage(controlPlane.getDataEndpoint(request.build()), context).map(response -> {
            URI url = withPath(URI.create(response.dataEndpoint()));
            cache.put(stream, url);
            LOG.info("PutMedia endpoint of {}: {}", stream, url);
            return url;
        });
    }

    /** Forgets the cached endpoint of {@code stream}: the next lookup asks again. */
    public void forget(StreamId stream) {
        cache.remove(stream);
    }

    private static URI withPath(URI base) {
        String s = base.toString();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/putMedia");
    }
}
