package io.storagesession.mediastore.ingest;

import io.storagesession.api.auth.Principal;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiResponses;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistryErrors;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.MediaStoreMetrics;
import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.store.FragmentStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /putMedia} (KVS-WIRE.md §4), mounted on the router directly: the body is a stream of MKV that may last
 * for an hour, so it is read as it arrives by a {@link PutMediaUpload}, never collected by a body handler.
 *
 * <p>Everything that can be refused before the body is refused with an HTTP error in KVS's JSON shape (KVS-WIRE.md
 * §1): a bad SigV4 signature (verified on the headers; the payload hash is the {@code x-amz-content-sha256} header,
 * else the empty-string hash, as {@link SigV4Verifier#verifyHeaders} does for streamed bodies; or, without an
 * Authorization header, on a presigned query as Go producers send it), no or an unknown
 * stream (404 ResourceNotFoundException, also for a stream not ACTIVE), a caller not allowed
 * {@code kinesisvideo:PutMedia} on it (401 NotAuthorizedException), a missing or unknown
 * {@code x-amzn-fragment-timecode-type} (400 InvalidArgumentException); the connection is then closed, since its
 * body is still on its way. One connection per stream: the newest wins and the older one is ended. Each stream's
 * fragment and data rate is measured across its connections ({@link StreamRate}).
 *
 * <p>The server's own recorder uploads in-process instead ({@link #openLocal}, see {@link LocalUpload} for why): the
 * same checks but the signature's, which has no meaning inside the process — the caller names its principal.
 */
public final class PutMediaServer {
    private static final Logger LOG = LoggerFactory.getLogger(PutMediaServer.class);
    public static final String PATH = "/putMedia";
    private static final String ACTION = "kinesisvideo:PutMedia";
    private static final String STREAM_NAME = "x-amzn-stream-name";
    private static final String STREAM_ARN = "x-amzn-stream-arn";
    private static final String TIMECODE_TYPE = "x-amzn-fragment-timecode-type";
    private static final String START_TIMESTAMP = "x-amzn-producer-start-timestamp";
    private static final String ABSOLUTE = "ABSOLUTE";
    private static final String RELATIVE = "RELATIVE";
    private static final String AUTHORIZATION = "Authorization";
    /** Producers that presign PutMedia (the Go KVS libraries) put the signature in the query instead. */
    private static final String PRESIGNED_SIGNATURE = "X-Amz-Signature=";
    private static final String EXPECT = "Expect";
    private static final String CONTINUE = "100-continue";
    /** PutMedia's access-denied answer, as the data plane gives it (KVS-WIRE.md §1 errors). */
    private static final int NOT_AUTHORIZED = 401;

    private final Vertx vertx;
    private final SigV4Verifier verifier;
    private final Registry registry;
    private final FragmentStore store;
    private final MediaStoreSettings settings;
    private final MediaStoreMetrics metrics;
    private final Clock clock;
    private final Map<String, PutMediaUpload> uploads = new ConcurrentHashMap<>();
    /** Each stream's fragment and data rate, kept across its uploads (the quotas are per stream). */
    private final Map<String, StreamRate> rates = new ConcurrentHashMap<>();
    private final FragmentPayloads payloads;

    public PutMediaServer(Vertx vertx, SigV4Verifier verifier, Registry registry, FragmentStore store,
                          MediaStoreSettings settings, MediaStoreMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        MediaStoreSettings.PutMedia p = settings.putMedia();
        this.payloads = new FragmentPayloads(p.fragmentBufferSlots(), p.initialFragmentBufferBytes(),
                p.maxRetainedFragmentBufferBytes());
    }

    public void mount(Router router) {
        router.post(PATH).handler(this::handle);
    }

    /** Ends the stream's upload with ERROR 4008 (DeleteStream). */
    public void streamGone(String streamArn) {
        rates.remove(streamArn);
        PutMediaUpload upload = uploads.get(streamArn);
        if (upload != null) {
            upload.streamGone();
        }
    }

    /**
     * The newest fragment the stream's upload has begun — being received, or received and not yet stored — or -1
     * when no upload of the stream is sending: the live edge GetMedia NOW starts from.
     */
    public long newestFragmentBegun(String streamArn) {
        PutMediaUpload upload = uploads.get(streamArn);
        return upload == null ? -1 : upload.newestBegun();
    }

    /** Open uploads, for tests and metrics. */
    public int openUploads() {
        return uploads.size();
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        String requestId = UUID.randomUUID().toString();
        try {
            Principal principal = request.getHeader(AUTHORIZATION) == null && request.query() != null
                    && request.query().contains(PRESIGNED_SIGNATURE)
                    ? verifier.verifyPresigned(ApiRoutes.signed(request))
                    : verifier.verifyHeaders(ApiRoutes.signed(request), null);
            String type = request.getHeader(TIMECODE_TYPE);
            Stream stream = stream(request.getHeader(STREAM_NAME), request.getHeader(STREAM_ARN));
            authorize(principal, stream);
            if (!ABSOLUTE.equalsIgnoreCase(type) && !RELATIVE.equalsIgnoreCase(type)) {
                throw ApiException.invalidArgument(TIMECODE_TYPE + " must be ABSOLUTE or RELATIVE");
            }
            ProducerClock producerClock = ProducerClock.of(RELATIVE.equalsIgnoreCase(type),
                    request.getHeader(START_TIMESTAMP));
            PutMediaUpload upload = register(stream.arn(), vertx.getOrCreateContext(), producerClock);
            HttpUploadTransport transport = new HttpUploadTransport(request, upload);
            if (CONTINUE.equalsIgnoreCase(request.getHeader(EXPECT))) {
                // curl and other HTTP/1.1 clients ask before sending a chunked body (RFC 9110 §10.1.1); it is
                // accepted, so say so rather than make them wait for their expect timeout.
                request.response().writeContinue();
            }
            transport.start(requestId);
        } catch (ApiException e) {
            refuse(request, requestId, e);
        } catch (RuntimeException e) {
            LOG.error("PutMedia failed unexpectedly (request {})", requestId, e);
            refuse(request, requestId, ApiException.internal());
        }
    }

    /**
     * A PutMedia upload from this process (the server's own recorder) of the stream named {@code streamName} or
     * {@code streamArn} (exactly one non-null), ABSOLUTE timecodes from {@code producerStartMillis}. Call on
     * {@code context}, which the upload is confined to. Refused — {@link LocalUpload.Listener#refused}, before this
     * returns — exactly where the HTTP upload would be: no or an unknown or inactive stream (404), a principal not
     * allowed {@code kinesisvideo:PutMedia} on it (401). Like a new HTTP upload, it ends the stream's older one.
     */
    public LocalUpload openLocal(Principal principal, String streamName, String streamArn, long producerStartMillis,
                                 Context context, LocalUpload.Listener listener) {
        LocalUpload local = new LocalUpload(context, listener);
        try {
            Stream stream = stream(streamName, streamArn);
            authorize(principal, stream);
            local.start(register(stream.arn(), context, ProducerClock.absolute(producerStartMillis)));
        } catch (ApiException e) {
            LOG.info("PutMedia (in-process) of {} refused: {} {}", streamArn != null ? streamArn : streamName,
                    e.status(), e.getMessage());
            local.refuse(e.status(), e.type(), e.getMessage());
        }
        return local;
    }

    /** The stream's new upload, which ends its older one (newest wins). */
    private PutMediaUpload register(String arn, Context context, ProducerClock producerClock) {
        PutMediaUpload[] self = new PutMediaUpload[1];
        StreamRate rate = rates.computeIfAbsent(arn, a -> new StreamRate(settings.limits(), clock.millis()));
        self[0] = new PutMediaUpload(context, arn, producerClock, store, settings, metrics, clock, payloads, rate,
                () -> uploads.remove(arn, self[0]));
        PutMediaUpload older = uploads.put(arn, self[0]);
        if (older != null) {
            older.supersede();
        }
        return self[0];
    }

    private static void authorize(Principal principal, Stream stream) {
        if (!principal.allows(ACTION, stream.arn())) {
            throw new ApiException(NOT_AUTHORIZED, "NotAuthorizedException", "User " + principal.key().accessKeyId()
                    + " is not authorized to perform: " + ACTION + " on resource: " + stream.arn());
        }
    }

    private Stream stream(String name, String arn) {
        if (name == null && arn == null) {
            throw ApiException.invalidArgument("PutMedia needs " + STREAM_NAME + " or " + STREAM_ARN);
        }
        Stream stream = (arn != null ? registry.streamByArn(arn) : registry.streamByName(name))
                .orElseThrow(() -> RegistryErrors.streamNotFound(arn != null ? arn : name));
        if (name != null && !name.equals(stream.name()) || !Registry.ACTIVE.equals(stream.status())) {
            throw RegistryErrors.streamNotFound(arn != null ? arn : name);
        }
        return stream;
    }

    /** The KVS-shaped error, then the connection closed: the refused body is still arriving. */
    private static void refuse(HttpServerRequest request, String requestId, ApiException error) {
        request.response().putHeader("Connection", "close");
        request.response().endHandler(v -> request.connection().close());
        ApiResponses.error(request.response(), requestId, error);
    }
}
