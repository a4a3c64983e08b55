package io.storagesession.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * How the router learns that a request came over HTTPS although an HTTP listener received it. When the TURN server
 * shares the HTTPS port, it ends TLS itself and pipes the decrypted HTTP to a plain listener of ours on loopback that
 * serves nothing else; requests arriving there are marked with {@code X-Forwarded-Proto: https} (and the port the
 * client addressed, so the marking does not lose it), which the router reads ({@link AllowForwardHeaders#X_FORWARD}),
 * so {@code request.scheme()} is {@code https} as it was when Vert.x served HTTPS itself — URLs built from the request,
 * such as the HLS session URL, keep their scheme. Every listener first removes whatever X-Forwarded headers a client
 * sent, so nobody can claim a scheme, host or address the server did not see.
 */
final class PipedHttps {
    private static final List<String> FORWARDED = List.of("X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Host",
            "X-Forwarded-Port", "X-Forwarded-For", "Forwarded");
    /** RFC 9110 §4.2.2: the port of an https URI without one. */
    private static final int HTTPS_DEFAULT_PORT = 443;

    private PipedHttps() {
    }

    /** Lets the router take the scheme from {@code X-Forwarded-Proto}, which only {@link #piped} sets. */
    static void enable(Router router) {
        router.allowForward(AllowForwardHeaders.X_FORWARD);
    }

    /** The handler of a listener clients reach directly (plain HTTP, or HTTPS served by Vert.x). */
    static Handler<HttpServerRequest> direct(Router router) {
        return request -> {
            strip(request);
            router.handle(request);
        };
    }

    /** The handler of the loopback listener the TURN server's HTTPS pipe connects to. */
    static Handler<HttpServerRequest> piped(Router router) {
        return request -> {
            strip(request);
            HostAndPort authority = request.authority();
            int port = authority != null && authority.port() > 0 ? authority.port() : HTTPS_DEFAULT_PORT;
            request.headers().set("X-Forwarded-Proto", "https").set("X-Forwarded-Port", Integer.toString(port));
            router.handle(request);
        };
    }

    private static void strip(HttpServerRequest request) {
        for (String name : FORWARDED) {
            request.headers().remove(name);
        }
    }
}
