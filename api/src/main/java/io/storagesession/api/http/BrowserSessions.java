package io.storagesession.api.http;

import io.storagesession.api.auth.Principal;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * A way besides SigV4 to say who sends a KVS API request: a browser signed in to the server's web console, which holds
 * a session cookie instead of a secret key. {@link ApiRoutes} asks it only for requests without an
 * {@code Authorization} header (an SDK's signed request is always checked as SigV4), so the console's page calls the
 * same operations, with the same validation, policy checks and errors, as any KVS client.
 */
public interface BrowserSessions {
    /** No browser sessions: every request is SigV4. */
    BrowserSessions NONE = request -> Optional.empty();

    /**
     * The principal of the request's browser session, or empty when it carries none (SigV4 then applies).
     *
     * @throws ApiException when it carries a session but fails the cross-site request forgery checks
     */
    Optional<Principal> principal(HttpServerRequest request);
}
