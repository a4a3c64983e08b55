package io.storagesession.mediastore.read;

import io.storagesession.api.http.ApiCall;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.ApiResponses;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.MediaStoreMetrics;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.FragmentStore;
import io.storagesession.mediastore.store.TimestampKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /getMedia} (KVS-WIRE.md §6, the AWS model's StartSelector): streaming MKV from a chosen fragment on,
 * continuing live as new fragments are persisted, each fragment a {@link MediaChunks#live} chunk whose
 * {@code AWS_KINESISVIDEO_CONTINUATION_TOKEN} resumes after it.
 *
 * <p>Start selectors: {@code EARLIEST} the oldest stored fragment; {@code NOW} "the latest chunk on the stream" (KVS
 * API reference, StartSelector) — the fragment a producer is sending, if one is, else the newest stored one — and
 * whatever follows it; {@code FRAGMENT_NUMBER} the fragment after {@code AfterFragmentNumber} (which must be stored);
 * {@code SERVER_TIMESTAMP}/{@code PRODUCER_TIMESTAMP} the fragment containing {@code StartTimestamp}, else the first
 * after it; {@code CONTINUATION_TOKEN} the fragment after the token's. The response ends once no new fragment came for
 * {@code get-media-idle-timeout}, or when the client goes away.
 */
public final class GetMediaApi {
    static final String API = "GetMedia";
    /** What {@link LiveEdge} answers when no producer is sending to the stream. */
    public static final long NOT_RECEIVING = -1;

    /** The ingest's view of a stream's live edge, for {@code NOW}. */
    @FunctionalInterface
    public interface LiveEdge {
        /**
         * The number of the newest fragment a producer has begun sending to the stream (being received, or received
         * and not yet stored), or {@link #NOT_RECEIVING}.
         */
        long newestFragmentBegun(String streamArn);
    }

    private final Vertx vertx;
    private final StreamLookup lookup;
    private final FragmentStore store;
    private final MediaStoreMetrics metrics;
    private final Duration idleTimeout;
    private final LiveEdge liveEdge;

    public GetMediaApi(Vertx vertx, StreamLookup lookup, FragmentStore store, MediaStoreMetrics metrics,
                       Duration idleTimeout, LiveEdge liveEdge) {
        this.vertx = vertx;
        this.lookup = lookup;
        this.store = store;
        this.metrics = metrics;
        this.idleTimeout = idleTimeout;
        this.liveEdge = liveEdge;
    }

    public ApiOperation operation() {
        return ApiOperation.signaling("/getMedia", API, this::get);
    }

    private Future<JsonObject> get(ApiCall call) {
        Stream stream = lookup.stream(call);
        JsonObject selector = call.optionalObject("StartSelector");
        if (selector == null) {
            throw ApiException.invalidArgument("StartSelector is required");
        }
        String type = String.valueOf(selector.getValue("StartSelectorType"));
        HttpServerResponse response = call.context().response();
        Promise<JsonObject> done = Promise.promise();
        GetMediaSession session = new GetMediaSession(vertx, response, stream.arn(), store, metrics, idleTimeout,
                done);
        // Listen before choosing the start, so that no fragment persisted in between is missed.
        session.listen();
        try {
            session.startAfter(startAfter(stream.arn(), type, selector));
        } catch (RuntimeException e) {
            session.cancel();
            throw e;
        }
        response.setChunked(true).setStatusCode(200).putHeader(ApiResponses.REQUEST_ID, call.requestId())
                .putHeader("Content-Type", MediaChunks.CONTENT_TYPE);
        // The 200 goes out at once: a client waiting at the live edge learns its request was accepted before the
        // first chunk exists.
        response.writeHead();
        session.pump();
        return done.future();
    }

    /** The number after which the session begins (it sends fragments with greater numbers). */
    private long startAfter(String arn, String type, JsonObject selector) {
        switch (type) {
            case "EARLIEST":
                return Long.MIN_VALUE;
            case "NOW": {
                // Fragment numbers only grow: the latest chunk is the larger of the one arriving and the newest
                // stored, and starting after the number just below it makes it the first one sent.
                long latest = Math.max(liveEdge.newestFragmentBegun(arn),
                        store.last(arn).map(FragmentInfo::number).orElse(NOT_RECEIVING));
                return latest == NOT_RECEIVING ? Long.MIN_VALUE : latest - 1;
            }
            case "FRAGMENT_NUMBER": {
                long number = FragmentNumbers.parse(selector.getValue("AfterFragmentNumber"), "AfterFragmentNumber");
                if (number < 0 || store.find(arn, number).isEmpty()) {
                    throw ApiException.resourceNotFound("Fragment " + selector.getValue("AfterFragmentNumber")
                            + " is not in the stream");
                }
                return number;
            }
            case "CONTINUATION_TOKEN": {
                long number = FragmentNumbers.parse(selector.getValue("ContinuationToken"), "ContinuationToken");
                if (number < 0) {
                    throw ApiException.invalidArgument("ContinuationToken is not one this server returned");
                }
                return number;
            }
            case "SERVER_TIMESTAMP":
            case "PRODUCER_TIMESTAMP": {
                long millis = Timestamps.millis(selector.getValue("StartTimestamp"), "StartTimestamp");
                Optional<FragmentInfo> at = store.containing(arn, TimestampKind.valueOf(type), millis);
                if (at.isPresent()) {
                    return at.get().number() - 1;
                }
                return store.last(arn).map(FragmentInfo::number).orElse(Long.MIN_VALUE);
            }
            default:
                throw ApiException.invalidArgument("StartSelectorType must be one of NOW, EARLIEST, FRAGMENT_NUMBER, "
                        + "SERVER_TIMESTAMP, PRODUCER_TIMESTAMP, CONTINUATION_TOKEN");
        }
    }
}
