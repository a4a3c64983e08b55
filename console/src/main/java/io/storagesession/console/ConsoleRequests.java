package io.storagesession.console;

import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every console route shares: reading a JSON body into KVS's errors, the signed-in session or a 401, answers with
 * the page's security headers, and errors in KVS's shape ({@code __type} and {@code message}), never a stack trace.
 */
final class ConsoleRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRequests.class);
    /**
     * The page may load only its own files; no inline script, no plug-in, no framing (CSP Level 3). {@code blob:} is
     * for hls.js's media source and worker and the clip download; {@code ws:}/{@code wss:} for signaling; inline
     * styles because uPlot sizes its charts with them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";
    /** Longest access key ID printed in a log line. */
    private static final int LOGGED_ID_CHARS = 32;

    private ConsoleRequests() {
    }

    /** The security headers of every console answer (OWASP HTTP Headers Cheat Sheet). */
    static HttpServerResponse headers(HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY").putHeader("Cache-Control", "no-store");
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        headers(ctx.response()).setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }

    /** The body as a JSON object, or KVS's SerializationException. */
    static JsonObject jsonBody(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            throw ApiException.serialization("The request body must be a JSON object");
        }
        try {
            if (raw.toJson() instanceof JsonObject object) {
                return object;
            }
        } catch (DecodeException | IllegalStateException e) {
            throw ApiException.serialization("The request body is not valid JSON");
        }
        throw ApiException.serialization("The request body must be a JSON object");
    }

    static String requiredString(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            throw ApiException.invalidArgument(field + " is required");
        }
        if (!(value instanceof String s)) {
            throw ApiException.serialization(field + " must be a string");
        }
        if (s.isEmpty()) {
            throw ApiException.invalidArgument(field + " must not be empty");
        }
        return s;
    }

    /** The signed-in session of a safe read, or a 401. */
    static ConsoleSession session(ConsoleSessions sessions, RoutingContext ctx) {
        return sessions.find(ctx.request()).orElseThrow(ConsoleRequests::signedOut);
    }

    static ApiException signedOut() {
        return new ApiException(401, "MissingAuthenticationTokenException",
                "Sign in to the console first (no valid session cookie)");
    }

    /** Whether the browser reached the server over HTTPS (directly, or through the TURN server's shared port). */
    static boolean https(RoutingContext ctx) {
        return "https".equalsIgnoreCase(ctx.request().scheme());
    }

    /** A client-supplied string made safe for one log line. */
    static String printable(String s) {
        String cut = s.length() > LOGGED_ID_CHARS ? s.substring(0, LOGGED_ID_CHARS) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e…]", "?");
    }

    /** The failure handler of console routes: a thrown {@link ApiException} as KVS answers it, anything else a 500. */
    static void fail(RoutingContext ctx) {
        ApiException error;
        if (ctx.failure() instanceof ApiException api) {
            error = api;
        } else if (ctx.failure() == null && ctx.statusCode() == 413) {
            error = ApiException.invalidArgument("The request body is larger than the console accepts");
        } else if (ctx.failure() == null) {
            error = ApiException.invalidArgument("The request could not be read (HTTP " + ctx.statusCode() + ")");
        } else {
            LOG.error("console request {} failed", ctx.request().path(), ctx.failure());
            error = ApiException.internal();
        }
        headers(ctx.response());
        ApiResponses.error(ctx.response(), UUID.randomUUID().toString(), error);
    }
}
