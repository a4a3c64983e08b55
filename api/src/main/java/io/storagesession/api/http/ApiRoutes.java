package io.storagesession.api.http;

import io.storagesession.api.auth.Principal;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.auth.SignedRequest;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts KVS operations on a Vert.x router: reads the bounded JSON body, verifies its SigV4 signature, runs the
 * handler and answers in KVS's shape. Every failure — oversize or malformed body, bad signature, a handler's
 * {@link ApiException} or an unexpected exception — becomes a KVS-shaped error; nothing reaches the client raw.
 * Each operation records the seed's per-operation Latency and Failure metrics ({@link ApiMetrics}).
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String HOST = "host";
    private static final String AUTHORIZATION = "Authorization";

    private final Router router;
    private final SigV4Verifier verifier;
    private final BodyHandler bodies;
    private final ApiMetrics metrics;
    private final BrowserSessions browsers;

    public ApiRoutes(Router router, SigV4Verifier verifier, Metrics metrics, long maxBodyBytes) {
        this(router, verifier, BrowserSessions.NONE, metrics, maxBodyBytes);
    }

    /** @param browsers who a request without an {@code Authorization} header may be (the web console's sessions) */
    public ApiRoutes(Router router, SigV4Verifier verifier, BrowserSessions browsers, Metrics metrics,
                     long maxBodyBytes) {
        this.router = router;
        this.verifier = verifier;
        this.browsers = browsers;
        this.bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes).setHandleFileUploads(false);
        this.metrics = new ApiMetrics(metrics);
    }

    public void add(ApiOperation operation) {
        router.post(operation.path()).handler(bodies).handler(ctx -> dispatch(operation, ctx))
                .failureHandler(ctx -> fail(operation, ctx, requestId(ctx), failureOf(ctx)));
    }

    /** KVS-shaped answers for paths no operation claims and for failures outside any operation. */
    public void addFallbacks() {
        router.errorHandler(404, ctx -> ApiResponses.error(ctx.response(), newRequestId(),
                ApiException.unknownOperation(ctx.request().path())));
        router.errorHandler(405, ctx -> ApiResponses.error(ctx.response(), newRequestId(),
                new ApiException(405, "MethodNotAllowedException", "Use POST for KVS API operations")));
        router.errorHandler(500, ctx -> ApiResponses.error(ctx.response(), newRequestId(), ApiException.internal()));
    }

    private void dispatch(ApiOperation operation, RoutingContext ctx) {
        long start = System.nanoTime();
        String requestId = requestId(ctx);
        metrics.call(operation.name());
        Future<JsonObject> result;
        try {
            Buffer raw = ctx.body().buffer();
            byte[] bytes = raw == null ? new byte[0] : raw.getBytes();
            Principal principal = authenticate(ctx.request(), bytes);
            JsonObject body = parse(raw);
            result = operation.handler().handle(new ApiCall(operation, body, principal, requestId, ctx));
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            metrics.latency(operation.name(), start);
            if (ar.succeeded()) {
                ApiResponses.ok(ctx.response(), requestId, ar.result());
            } else {
                fail(operation, ctx, requestId, ar.cause());
            }
        });
    }

    /** SigV4 when the request is signed in its header, else its browser session if it has one, else SigV4's error. */
    private Principal authenticate(HttpServerRequest request, byte[] body) {
        if (!request.headers().contains(AUTHORIZATION)) {
            Optional<Principal> browser = browsers.principal(request);
            if (browser.isPresent()) {
                return browser.get();
            }
        }
        return verifier.verifyHeaders(signed(request), body);
    }

    private void fail(ApiOperation operation, RoutingContext ctx, String requestId, Throwable cause) {
        ApiException error;
        if (cause instanceof HttpClosedException) {
            // The connection closed before the body was read: the client left, or was cut off for sending too slowly.
            // Nothing to answer and nothing unexpected, so no error in the log that a slow-client flood could fill.
            LOG.debug("{}: connection closed before the request was read (request {})", operation.name(), requestId);
            return;
        }
        if (cause instanceof ApiException api) {
            error = api;
        } else {
            LOG.error("{} failed unexpectedly (request {})", operation.name(), requestId, cause);
            error = ApiException.internal();
        }
        metrics.failure(operation.name(), error.type());
        ApiResponses.error(ctx.response(), requestId, error);
    }

    private static Throwable failureOf(RoutingContext ctx) {
        if (ctx.failure() != null) {
            return ctx.failure();
        }
        if (ctx.statusCode() == 413) {
            return ApiException.invalidArgument("The request body is larger than this server accepts");
        }
        return ApiException.invalidArgument("The request could not be read (HTTP " + ctx.statusCode() + ")");
    }

    /**
     * An operation's body as the AWS JSON protocol sends it: a JSON object, an empty body meaning no members; anything
     * else is a SerializationException. Package-private for the fuzz target of the operations' request parsing.
     */
    static JsonObject parse(Buffer raw) {
        if (raw == null || raw.length() == 0) {
            return new JsonObject();
        }
        try {
            Object parsed = raw.toJson();
            if (parsed instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException | IllegalStateException e) {
            throw ApiException.serialization("The request body is not valid JSON");
        }
        throw ApiException.serialization("The request body must be a JSON object");
    }

    private static String requestId(RoutingContext ctx) {
        String id = ctx.get(ApiResponses.REQUEST_ID);
        if (id == null) {
            id = newRequestId();
            ctx.put(ApiResponses.REQUEST_ID, id);
        }
        return id;
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** A view of a Vert.x request for SigV4 verification. */
    public static SignedRequest signed(HttpServerRequest request) {
        return new SignedRequest() {
            @Override
            public String method() {
                return request.method().name();
            }

            @Override
            public String rawPath() {
                String uri = request.uri();
                int q = uri.indexOf('?');
                String path = q < 0 ? uri : uri.substring(0, q);
                if (path.startsWith("http://") || path.startsWith("https://")) {
                    path = request.path();
                }
                return path;
            }

            @Override
            public String rawQuery() {
                return request.query();
            }

            /** HTTP/2 (including h2c upgrades) carries the host as {@code :authority}, not as a Host header. */
            @Override
            public List<String> headers(String name) {
                List<String> values = request.headers().getAll(name);
                if (values.isEmpty() && HOST.equalsIgnoreCase(name) && request.authority() != null) {
                    return List.of(request.authority().toString());
                }
                return values;
            }
        };
    }
}
