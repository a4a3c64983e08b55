package io.storagesession.mediastore.read;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.ApiResponses;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.MediaStoreMetrics;
import io.storagesession.mediastore.store.FragmentMedia;
import io.storagesession.mediastore.store.FragmentStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /getMediaForFragmentList} (KVS-WIRE.md §6): 1 to 1000 fragment numbers, every one of which must be
 * stored (else 404 ResourceNotFoundException, before any byte is sent); the body is the fragments in the order asked,
 * each as a {@link MediaChunks#fragment} chunk. Fragments are read one at a time on the store's I/O threads and written
 * with back-pressure, so a long list never holds more than one fragment in memory.
 */
public final class GetMediaForFragmentListApi {
    private static final Logger LOG = LoggerFactory.getLogger(GetMediaForFragmentListApi.class);
    /** The AWS model's FragmentNumberList bound. */
    private static final int MAX_FRAGMENTS = 1000;
    private static final String API = "GetMediaForFragmentList";

    private final StreamLookup lookup;
    private final FragmentStore store;
    private final MediaStoreMetrics metrics;

    public GetMediaForFragmentListApi(StreamLookup lookup, FragmentStore store, MediaStoreMetrics metrics) {
        this.lookup = lookup;
        this.store = store;
        this.metrics = metrics;
    }

    public ApiOperation operation() {
        return ApiOperation.signaling("/getMediaForFragmentList", API, this::get);
    }

    private Future<JsonObject> get(ApiCall call) {
        Stream stream = lookup.stream(call);
        JsonArray requested = call.optionalArray("Fragments");
        if (requested == null || requested.isEmpty() || requested.size() > MAX_FRAGMENTS) {
            throw ApiException.invalidArgument("Fragments must list 1 to " + MAX_FRAGMENTS + " fragment numbers");
        }
        List<Long> numbers = new ArrayList<>(requested.size());
        for (Object value : requested) {
            long number = FragmentNumbers.parse(value, "Fragments");
            if (number < 0 || store.find(stream.arn(), number).isEmpty()) {
                throw ApiException.resourceNotFound("Fragment " + value + " is not in stream " + stream.name());
            }
            numbers.add(number);
        }
        HttpServerResponse response = call.context().response();
        response.setChunked(true).setStatusCode(200).putHeader(ApiResponses.REQUEST_ID, call.requestId())
                .putHeader("Content-Type", MediaChunks.CONTENT_TYPE);
        Promise<JsonObject> done = Promise.promise();
        send(Vertx.currentContext(), response, stream.arn(), numbers, 0, done);
        return done.future();
    }

    private void send(Context context, HttpServerResponse response, String arn, List<Long> numbers, int next,
                      Promise<JsonObject> done) {
        if (response.closed()) {
            done.tryComplete();
            return;
        }
        if (next == numbers.size()) {
            response.end();
            done.tryComplete();
            return;
        }
        store.readMediaAsync(arn, numbers.get(next)).whenComplete((media, error) -> context.runOnContext(v -> {
            if (error != null) {
                LOG.error("GetMediaForFragmentList {}: reading fragment {} failed", arn, numbers.get(next), error);
                response.reset();
                done.tryComplete();
                return;
            }
            Optional<FragmentMedia> found = media;
            found.ifPresent(m -> {
                response.write(MediaChunks.fragment(m));
                metrics.served(API);
            });
            if (response.writeQueueFull()) {
                // one drain for one fragment: the handler stays registered and would send this fragment's
                // successor again on a later drain
                response.drainHandler(d -> {
                    response.drainHandler(null);
                    send(context, response, arn, numbers, next + 1, done);
                });
            } else {
                send(context, response, arn, numbers, next + 1, done);
            }
        }));
    }
}
