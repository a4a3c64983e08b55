package io.storagesession.console;

import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.http.BrowserSessions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;

/**
 * The web console, mounted on the server's router: the page at {@code /} (the signaling WebSocket keeps {@code /} for
 * its upgrades), its files under {@code /console/}, signing in and out, presigned signaling URLs, and the live and
 * server figures. Its sessions authenticate the page's calls to the KVS APIs themselves ({@link #browserSessions()},
 * handed to the API routes), so the console adds no second API. Mount it before the signaling hub's {@code GET /}.
 */
public final class WebConsole {
    /** Figures are added after the file route {@code /console/*} and must be matched before it (Vert.x route order). */
    private static final int BEFORE_FILES = -1;

    private final Router router;
    private final BrowserSessions sessions;
    private final ConsoleSessions consoleSessions;
    private final BodyHandler bodies;

    private WebConsole(Router router, ConsoleSessions consoleSessions, ConsoleSettings settings) {
        this.router = router;
        this.consoleSessions = consoleSessions;
        this.sessions = consoleSessions == null ? BrowserSessions.NONE : consoleSessions;
        this.bodies = BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()).setHandleFileUploads(false);
    }

    /** Mounts the page, sign-in and signaling URLs (nothing when {@code console.enabled} is false). */
    public static WebConsole mount(Vertx vertx, Router router, AccessKeyStore keys, ConsoleSettings settings,
                                   String region, Clock clock) {
        if (!settings.enabled()) {
            return new WebConsole(router, null, settings);
        }
        ConsoleSessions sessions = new ConsoleSessions(settings, clock);
        WebConsole console = new WebConsole(router, sessions, settings);
        ConsoleAssets assets = new ConsoleAssets(vertx);
        SignIn signIn = new SignIn(keys, sessions, settings, region, clock);
        SignalingUrls signaling = new SignalingUrls(sessions, settings.signalingUrlExpiry());
        console.route(router.get("/"), assets::root);
        console.post("/console/session", signIn::signIn);
        console.route(router.get("/console/session"), signIn::current);
        console.post("/console/session/end", signIn::signOut);
        console.post("/console/signaling-url", signaling::presign);
        console.route(router.get("/console/*"), assets::file);
        return console;
    }

    /** Who a KVS API request without a signature may be: a signed-in page, or nobody when the console is off. */
    public BrowserSessions browserSessions() {
        return sessions;
    }

    /** Answers {@code GET /console/live} to a signed-in page. */
    public void addLive(LiveFigures live) {
        if (consoleSessions != null) {
            route(router.get("/console/live").order(BEFORE_FILES),
                    ctx -> live.answer(ctx, ConsoleRequests.session(consoleSessions, ctx).principal()));
        }
    }

    /** Answers {@code GET /console/server} to a signed-in page. */
    public void addServerCharts(ServerCharts charts) {
        if (consoleSessions != null) {
            route(router.get("/console/server").order(BEFORE_FILES), ctx -> {
                ConsoleRequests.session(consoleSessions, ctx);
                charts.answer(ctx);
            });
        }
    }

    private void post(String path, Handler<RoutingContext> handler) {
        route(router.post(path).handler(bodies), handler);
    }

    private void route(Route route, Handler<RoutingContext> handler) {
        route.handler(handler).failureHandler(ConsoleRequests::fail);
    }
}
