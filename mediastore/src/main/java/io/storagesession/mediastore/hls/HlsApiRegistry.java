package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Where the server's SigV4-verified JSON API mounts GetHLSStreamingSessionURL: this module does not verify signatures
 * itself (the api module's {@code ApiRoutes} does, for every KVS operation). The server wires it in one line:
 *
 * <pre>{@code
 * HlsRoutes.mount(router, (path, operation, handler) -> apiRoutes.add(ApiOperation.signaling(path, operation,
 *         call -> handler.handle(call.body(), call::authorize, call.context()))),
 *     source, settings, clock);
 * }</pre>
 *
 * ({@code ApiOperation.signaling}: access denied is 401 NotAuthorizedException, the archived-media API's error.)
 */
@FunctionalInterface
public interface HlsApiRegistry {

    /** Mounts a POST operation at {@code path}, named {@code operation} for IAM and metrics. */
    void add(String path, String operation, Handler handler);

    /** An operation's work; must not block. Failures are {@link ApiException}s, or anything else for a 500. */
    @FunctionalInterface
    interface Handler {
        Future<JsonObject> handle(JsonObject body, Authorizer authorizer, RoutingContext context);
    }

    /** Throws the API's access-denied error unless the verified caller may act on the resource. */
    @FunctionalInterface
    interface Authorizer {
        void authorize(String resourceArn);
    }
}
