package io.storagesession.console;

import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page's files, served from the jar: {@code /} is {@code console/index.html}, {@code /console/<path>} the file
 * {@code console/<path>}, and {@code /console/lib/<name>} a browser library out of its WebJar
 * ({@code console-libraries.properties}). A file is read from the classpath once, off the event loop, then kept in
 * memory. Paths are checked against a strict pattern first, so nothing outside {@code console/} can be named.
 */
final class ConsoleAssets {
    static final String INDEX = "index.html";
    private static final String ROOT = "console/";
    private static final String LIBRARIES = "console-libraries.properties";
    private static final String LIB_PREFIX = "lib/";
    /** Names of files under {@code console/}: folders and names of letters, digits, '-' and '_', a known extension. */
    private static final Pattern FILE =
            Pattern.compile("([A-Za-z0-9_-]+/)*[A-Za-z0-9_.-]+\\.(html|css|js|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon");
    /** Libraries do not change within a version: browsers may keep them a day. */
    private static final String LIBRARY_CACHE = "public, max-age=86400";

    private final Vertx vertx;
    private final Properties libraries = new Properties();
    private final Map<String, Buffer> loaded = new ConcurrentHashMap<>();

    ConsoleAssets(Vertx vertx) {
        this.vertx = vertx;
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(LIBRARIES)) {
            if (in == null) {
                throw new IllegalStateException(LIBRARIES + " is missing from the classpath");
            }
            libraries.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /}: the page, unless the request is the signaling WebSocket's (an upgrade, or a presigned query). */
    void root(RoutingContext ctx) {
        if (ctx.request().getHeader("Upgrade") != null || ctx.request().query() != null) {
            ctx.next();
            return;
        }
        serve(ctx, INDEX);
    }

    /** {@code GET /console/*}. */
    void file(RoutingContext ctx) {
        serve(ctx, ctx.pathParam("*"));
    }

    private void serve(RoutingContext ctx, String path) {
        if (path == null || path.isEmpty()) {
            path = INDEX;
        }
        if (!FILE.matcher(path).matches() || path.contains("..")) {
            ctx.fail(notFound(path));
            return;
        }
        String resource;
        boolean library = path.startsWith(LIB_PREFIX);
        if (library) {
            resource = libraries.getProperty(path.substring(LIB_PREFIX.length()));
            if (resource == null) {
                ctx.fail(notFound(path));
                return;
            }
        } else {
            resource = ROOT + path;
        }
        String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        String shown = path;
        load(resource).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ctx.fail(notFound(shown));
            } else {
                ConsoleRequests.headers(ctx.response()).putHeader("Content-Type", type);
                if (library) {
                    ctx.response().putHeader("Cache-Control", LIBRARY_CACHE);
                }
                ctx.response().end(ar.result().get());
            }
        });
    }

    private Future<Optional<Buffer>> load(String resource) {
        Buffer cached = loaded.get(resource);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        return vertx.executeBlocking(() -> {
            try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return Optional.<Buffer>empty();
                }
                Buffer bytes = Buffer.buffer(in.readAllBytes());
                loaded.put(resource, bytes);
                return Optional.of(bytes);
            }
        }, false);
    }

    private static ApiException notFound(String path) {
        return ApiException.resourceNotFound("The console has no file " + ConsoleRequests.printable(path));
    }
}
