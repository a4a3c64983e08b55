package io.storagesession.mediastore.hls;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HLS routes on a real Vert.x HTTP server bound to an ephemeral port on 127.0.0.1. GetHLSStreamingSessionURL is
 * mounted through a registry that skips SigV4 (the api module's ApiRoutes does that in the server) but answers
 * errors in the same KVS shape.
 */
final class HlsTestServer implements AutoCloseable {
    static final String STREAM_NAME = "camera";
    static final String STREAM_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/camera/1700000000000";
    private static final long TIMEOUT_SECONDS = 10;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .build();
    final String base;

    HlsTestServer(ArchiveSource source, HlsSettings settings, Clock clock) throws Exception {
        Router router = Router.router(vertx);
        HlsApiRegistry registry = (path, operation, handler) -> router.post(path).handler(BodyHandler.create())
                .handler(ctx -> {
                    io.vertx.core.Future<JsonObject> result;
                    try {
                        result = handler.handle(ctx.body().asJsonObject(), arn -> { }, ctx);
                    } catch (RuntimeException e) {
                        result = io.vertx.core.Future.failedFuture(e);
                    }
                    result.onSuccess(json -> ctx.response().putHeader("Content-Type", "application/json")
                                    .end(json.encode()))
                            .onFailure(e -> {
                                ApiException h = e instanceof ApiException x ? x : ApiException.internal();
                                ctx.response().setStatusCode(h.status()).putHeader("x-amzn-ErrorType", h.type())
                                        .putHeader("Content-Type", "application/json")
                                        .end(new JsonObject().put("__type", h.type()).put("message", h.getMessage())
                                                .encode());
                            });
                });
        HlsRoutes.mount(router, registry, source, settings, clock);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    HttpResponse<String> post(String path, JsonObject body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** The HLSStreamingSessionURL of a successful GetHLSStreamingSessionURL. */
    String sessionUrl(JsonObject body) throws IOException, InterruptedException {
        HttpResponse<String> r = post(HlsSessionUrlApi.PATH, body);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GetHLSStreamingSessionURL answered " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString(HlsSessionUrlApi.RESULT_FIELD);
    }

    HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> getText(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    static HlsSettings settings() {
        return new HlsSettings(null, "", Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(33),
                1 << 20, 16 << 20, Duration.ofSeconds(300), "*", Duration.ofSeconds(600),
                Duration.ofSeconds(60));
    }
}
