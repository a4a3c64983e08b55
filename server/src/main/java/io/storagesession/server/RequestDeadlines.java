package io.storagesession.server;

import com.typesafe.config.Config;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.ApiResponses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines on how slowly an HTTP client may talk. Vert.x has none: a client that sends a request's headers a byte
 * at a time, sends nothing after connecting, or starts a body it never finishes (slowloris) holds its connection, a
 * descriptor and Netty's buffers, for as long as it likes, and enough of them exhaust the process. So every HTTP/1.x
 * connection must
 * <ul>
 *   <li>complete a request's headers within {@code header-timeout} of opening, or of its previous response ending
 *       (a quiet keep-alive connection is closed the same way), and</li>
 *   <li>finish a request body that is read whole (every API's JSON, the console's forms) within
 *       {@code body-timeout} of its headers, else it is answered 408 Request Timeout (RFC 9110 §15.5.9) and
 *       closed.</li>
 * </ul>
 * Exempt: bodies the {@code streamed} predicate names (PutMedia, read for as long as the producer sends, with its own
 * idle timeout), responses being written (GetMedia, GetClip), WebSocket connections once upgraded (the signaling hub's
 * idle timeout takes over) and HTTP/2 connections after their first request (Netty's HTTP/2 codec bounds them).
 *
 * <p>One timer per connection, on the connection's event loop like everything it reads, firing every
 * {@link #CHECKS_PER_TIMEOUT}th of the shorter timeout: a deadline is enforced at most that much late.
 */
final class RequestDeadlines {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
    /** How often a connection is looked at, per the shorter timeout: deadlines are kept within a quarter of it. */
    private static final int CHECKS_PER_TIMEOUT = 4;
    private static final int SWITCHING_PROTOCOLS = 101;
    private static final int REQUEST_TIMEOUT = 408;

    /** The {@code server.http} settings. */
    record Settings(Duration headerTimeout, Duration bodyTimeout, boolean cleartextHttp2) {
        Settings {
            if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative()
                    || bodyTimeout.isZero()) {
                throw new IllegalArgumentException("server.http.header-timeout and body-timeout must be positive");
            }
        }

        static Settings from(Config config) {
            return new Settings(config.getDuration("server.http.header-timeout"),
                    config.getDuration("server.http.body-timeout"), config.getBoolean("server.http.cleartext-http2"));
        }
    }

    private final Vertx vertx;
    private final long headerNanos;
    private final long bodyNanos;
    private final long checkMillis;
    private final Predicate<HttpServerRequest> streamed;
    private final boolean cleartextHttp2;
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

    RequestDeadlines(Vertx vertx, Settings settings, Predicate<HttpServerRequest> streamed) {
        this.vertx = vertx;
        this.headerNanos = settings.headerTimeout().toNanos();
        this.bodyNanos = settings.bodyTimeout().toNanos();
        this.checkMillis = Math.max(1, Math.min(settings.headerTimeout().toMillis(),
                settings.bodyTimeout().toMillis()) / CHECKS_PER_TIMEOUT);
        this.streamed = streamed;
        this.cleartextHttp2 = settings.cleartextHttp2();
    }

    /**
     * Applies {@code cleartext-http2} to a listener's options. With it on, Vert.x holds a new connection back until it
     * has read enough bytes to tell HTTP/2's preface from HTTP/1 (24, or a request line), so the connection handler,
     * and with it every deadline here, never sees a client that sends less and then stops.
     */
    HttpServerOptions configure(HttpServerOptions options) {
        return options.setHttp2ClearTextEnabled(cleartextHttp2);
    }

    /** Watches every connection of {@code server} and passes its requests to {@code handler}. */
    HttpServer guard(HttpServer server, Handler<HttpServerRequest> handler) {
        return server.connectionHandler(this::opened).requestHandler(request -> {
            Watch watch = watches.get(request.connection());
            if (watch != null) {
                watch.request(request);
            }
            handler.handle(request);
        });
    }

    /** HTTP connections being watched now (for tests and diagnostics). */
    int watched() {
        return watches.size();
    }

    private void opened(HttpConnection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        connection.closeHandler(v -> watch.stop());
        watch.arm();
    }

    /** One connection's deadlines; used only on its event loop. */
    private final class Watch {
        private final HttpConnection connection;
        private final long openedAt = System.nanoTime();
        private HttpServerRequest current;
        private long requestAt;
        private long quietSince;
        private long timer = -1;
        private boolean stopped;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void arm() {
            if (!stopped) {
                timer = vertx.setTimer(checkMillis, id -> check());
            }
        }

        void request(HttpServerRequest request) {
            current = request;
            requestAt = System.nanoTime();
            quietSince = 0;
            if (request.version() == HttpVersion.HTTP_2) {
                stop();
            }
        }

        void stop() {
            stopped = true;
            watches.remove(connection);
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        private void check() {
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            if (current == null) {
                closeIfLate(now - openedAt, "sent no complete request headers");
            } else if (current.response().getStatusCode() == SWITCHING_PROTOCOLS && current.response().ended()) {
                stop();
            } else if (!current.isEnded()) {
                if (streamed.test(current) || now - requestAt < bodyNanos) {
                    arm();
                } else {
                    bodyTooSlow();
                }
            } else if (!current.response().ended()) {
                quietSince = 0;
                arm();
            } else {
                if (quietSince == 0) {
                    quietSince = now;
                }
                closeIfLate(now - quietSince, "sent no complete request headers after its last response");
            }
        }

        private void closeIfLate(long waitedNanos, String why) {
            if (waitedNanos < headerNanos) {
                arm();
                return;
            }
            LOG.debug("closing HTTP connection from {}: it {} within {} ms", connection.remoteAddress(), why,
                    Duration.ofNanos(headerNanos).toMillis());
            stop();
            connection.close();
        }

        private void bodyTooSlow() {
            LOG.debug("closing HTTP connection from {}: {} {} sent no complete body within {} ms",
                    connection.remoteAddress(), current.method(), current.path(), Duration.ofNanos(bodyNanos)
                            .toMillis());
            stop();
            HttpServerResponse response = current.response();
            if (response.headWritten()) {
                connection.close();
                return;
            }
            response.putHeader("Connection", "close");
            ApiResponses.error(response, UUID.randomUUID().toString(), new ApiException(REQUEST_TIMEOUT,
                    "RequestTimeoutException", "The request body did not arrive within "
                    + Duration.ofNanos(bodyNanos).toMillis() + " ms"));
            // Vert.x would keep the connection until the body ends, which is what this client never does.
            connection.close();
        }
    }
}
