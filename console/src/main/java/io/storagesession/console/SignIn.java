package io.storagesession.console;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Principal;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.PerKeyRateLimiter;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out: {@code POST /console/session} with an access key ID and its secret (a key of
 * {@code data/credentials} or any configured one) opens a {@link ConsoleSession} and sets its cookie —
 * {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other site sends it), {@code Secure} when the page
 * came over HTTPS, expiring with the session (RFC 6265 §4.1.2, RFC 6265bis §5.4.7). The answer carries the anti-forgery
 * token for the page to keep in memory; the secret is compared in constant time and never kept. A wrong key ID and a
 * wrong secret get the same answer, and attempts are limited per client address ({@code console.sign-in-rate}).
 * {@code GET /console/session} tells a reloaded page who it is; {@code POST /console/session/end} signs out.
 */
final class SignIn {
    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    private static final String ACCESS_KEY_ID = "accessKeyId";
    private static final String SECRET = "secretAccessKey";
    private static final int NO_CONTENT = 204;
    private static final String JSON = "application/json";

    private final AccessKeyStore keys;
    private final ConsoleSessions sessions;
    private final PerKeyRateLimiter attempts;
    private final String region;
    private final ConsoleSettings settings;

    SignIn(AccessKeyStore keys, ConsoleSessions sessions, ConsoleSettings settings, String region, Clock clock) {
        this.keys = keys;
        this.sessions = sessions;
        this.settings = settings;
        this.region = region;
        this.attempts = new PerKeyRateLimiter(settings.signInRate(), settings.signInBurst(),
                settings.signInAddresses(), clock);
    }

    void signIn(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
        if (!attempts.tryAcquire(address)) {
            throw new ApiException(429, "LimitExceededException",
                    "Too many sign-in attempts from this address; wait a few seconds");
        }
        ConsoleSessions.checkOrigin(ctx.request());
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            // a cross-site form can post text/plain that parses as JSON, but cannot set this type without CORS
            throw ApiException.invalidArgument("Sign in with a JSON body (Content-Type: application/json)");
        }
        JsonObject body = ConsoleRequests.jsonBody(ctx);
        String id = ConsoleRequests.requiredString(body, ACCESS_KEY_ID);
        String secret = ConsoleRequests.requiredString(body, SECRET);
        Optional<AccessKey> key = keys.find(id);
        // compare against a secret even for an unknown key, so the time taken does not tell which keys exist
        byte[] expected = key.map(AccessKey::secretAccessKey).orElse("").getBytes(StandardCharsets.UTF_8);
        boolean secretMatches = MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8));
        if (key.isEmpty() || !secretMatches) {
            LOG.info("console sign-in refused for access key {} from {}", ConsoleRequests.printable(id), address);
            throw new ApiException(401, "NotAuthorizedException",
                    "The access key ID or the secret access key is wrong");
        }
        ConsoleSession session = sessions.open(new Principal(key.get(), region));
        LOG.info("console sign-in of access key {} from {}", id, address);
        HttpServerResponse response = ctx.response();
        response.addCookie(Cookie.cookie(ConsoleSessions.COOKIE, session.token()).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(ConsoleRequests.https(ctx))
                .setMaxAge(settings.sessionTtl().toSeconds()));
        ConsoleRequests.json(ctx, 200, describe(session));
    }

    void current(RoutingContext ctx) {
        ConsoleRequests.json(ctx, 200, describe(ConsoleRequests.session(sessions, ctx)));
    }

    void signOut(RoutingContext ctx) {
        ConsoleSession session = sessions.findForChange(ctx.request()).orElseThrow(ConsoleRequests::signedOut);
        sessions.close(session);
        ctx.response().addCookie(Cookie.cookie(ConsoleSessions.COOKIE, "").setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(ConsoleRequests.https(ctx)).setMaxAge(0));
        ConsoleRequests.headers(ctx.response()).setStatusCode(NO_CONTENT).end();
    }

    private JsonObject describe(ConsoleSession session) {
        return new JsonObject().put(ACCESS_KEY_ID, session.principal().key().accessKeyId())
                .put("region", session.principal().region()).put("csrfToken", session.csrfToken())
                .put("expiresAt", session.expiresAtMillis());
    }
}
