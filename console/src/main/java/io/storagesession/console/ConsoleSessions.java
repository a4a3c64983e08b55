package io.storagesession.console;

import io.storagesession.api.auth.Principal;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.BrowserSessions;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The signed-in browsers, in memory (a restart signs everyone out). A session is found by the cookie's token, 256
 * random bits, and lasts {@code console.session-ttl}; at most {@code console.max-sessions} are kept.
 *
 * <p>Cross-site request forgery (OWASP CSRF Prevention Cheat Sheet): the cookie is {@code SameSite=Strict}, so another
 * site's page cannot make the browser send it; and every request that uses it to change state must also carry the
 * session's anti-forgery token in the {@code X-Console-Csrf} header, which a cross-site form cannot set and a
 * cross-site script cannot send without a CORS preflight this server never grants; and an {@code Origin} header, when
 * the browser sends one, must be the server's own. Safe reads (GET) need the cookie only.
 *
 * <p>Thread-safe: event loops sign in and look up concurrently.
 */
public final class ConsoleSessions implements BrowserSessions {
    /** The cookie that carries the session token. */
    public static final String COOKIE = "kvs-console";
    /** The header that carries the anti-forgery token. */
    public static final String CSRF_HEADER = "X-Console-Csrf";
    private static final int TOKEN_BYTES = 32;
    /** Base64url without padding of {@link #TOKEN_BYTES} bytes: anything else is not one of ours. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ConsoleSettings settings;
    private final Clock clock;

    public ConsoleSessions(ConsoleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A new session for a browser that proved it holds {@code principal}'s key. */
    ConsoleSession open(Principal principal) {
        long now = clock.millis();
        if (sessions.size() >= settings.maxSessions()) {
            sessions.values().removeIf(s -> s.expiresAtMillis() <= now);
            while (sessions.size() >= settings.maxSessions()) {
                sessions.values().stream().min(Comparator.comparingLong(ConsoleSession::expiresAtMillis))
                        .ifPresent(oldest -> sessions.remove(oldest.token(), oldest));
            }
        }
        ConsoleSession session = new ConsoleSession(newToken(), newToken(), principal,
                now + settings.sessionTtl().toMillis());
        sessions.put(session.token(), session);
        return session;
    }

    /** Ends the session, if it exists. */
    void close(ConsoleSession session) {
        sessions.remove(session.token(), session);
    }

    /** The live session the request's cookie names, if any (no anti-forgery check: for safe reads). */
    Optional<ConsoleSession> find(HttpServerRequest request) {
        Cookie cookie = request.getCookie(COOKIE);
        if (cookie == null || !TOKEN.matcher(cookie.getValue()).matches()) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.get(cookie.getValue());
        if (session == null) {
            return Optional.empty();
        }
        if (session.expiresAtMillis() <= clock.millis()) {
            sessions.remove(session.token(), session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /**
     * The request's session when it may change state with it: the cookie names a live session and the request passes
     * the anti-forgery checks; empty without a live session.
     *
     * @throws ApiException 403 InvalidSignatureException when a live session's request fails the checks
     */
    Optional<ConsoleSession> findForChange(HttpServerRequest request) {
        Optional<ConsoleSession> session = find(request);
        session.ifPresent(s -> checkForgery(request, s));
        return session;
    }

    @Override
    public Optional<Principal> principal(HttpServerRequest request) {
        return findForChange(request).map(ConsoleSession::principal);
    }

    int size() {
        return sessions.size();
    }

    private static void checkForgery(HttpServerRequest request, ConsoleSession session) {
        String token = request.getHeader(CSRF_HEADER);
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw forged("the " + CSRF_HEADER + " header is missing or wrong");
        }
        checkOrigin(request);
    }

    /**
     * Refuses a request whose browser says it comes from another origin ({@code Origin}, RFC 6454 §7), so that not even
     * signing in can be done from another site's page (login forgery).
     */
    static void checkOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(request))) {
            throw forged("the request came from " + ConsoleRequests.printable(origin) + ", another origin");
        }
    }

    /** The origin the browser loaded the console from: this request's scheme and authority (RFC 6454 §6.1). */
    static String ownOrigin(HttpServerRequest request) {
        return request.scheme() + "://" + request.authority();
    }

    private static ApiException forged(String why) {
        return new ApiException(403, "InvalidSignatureException",
                "The console refused a request that could be forged by another site: " + why);
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
