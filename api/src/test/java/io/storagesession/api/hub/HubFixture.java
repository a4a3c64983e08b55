package io.storagesession.api.hub;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.testing.InMemoryChannels;
import io.storagesession.api.testing.MutableClock;
import io.storagesession.api.testing.RecordingBridge;
import io.storagesession.api.testing.SigV4Presigner;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real hub behind a real Vert.x HTTP server on a random port, with a test access key, an in-memory channel
 * registry, a recording storage bridge and a hand-driven clock; plus a WebSocket client that connects with URLs
 * presigned as the JS and C SDKs presign them.
 */
final class HubFixture implements AutoCloseable {
    static final String ACCESS_KEY_ID = "AKIAHUBTESTKEY000001";
    static final String SECRET = "hub-test-secret-key";
    static final String LIMITED_KEY_ID = "AKIAHUBTESTLIMITED01";
    static final String REGION = "us-west-2";
    static final Instant START = Instant.parse("2024-05-01T12:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Vertx vertx = Vertx.vertx();
    final MutableClock clock = new MutableClock(START);
    final InMemoryChannels channels = new InMemoryChannels(REGION);
    final RecordingBridge bridge = new RecordingBridge();
    final Metrics metrics = new Metrics();
    final HubSettings settings;
    final SignalingHub hub;
    final SigV4Presigner presigner = new SigV4Presigner(ACCESS_KEY_ID, SECRET, "FakeSessionToken", REGION);
    private final HttpServer server;
    private final WebSocketClient client;
    final int port;

    /** Test defaults: connect rate high enough not to interfere, a quick sweep; {@code overrides} win. */
    static HubFixture start(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("signaling.hub.connects-per-second-per-channel", 1000);
        values.put("signaling.hub.sweep-interval", "20ms");
        values.putAll(overrides);
        HubSettings settings = HubSettings.from(ConfigFactory.parseMap(values).withFallback(ConfigFactory.defaultReference()));
        return new HubFixture(settings);
    }

    static HubFixture start() {
        return start(Map.of());
    }

    private HubFixture(HubSettings settings) {
        this.settings = settings;
        AccessKeyStore keys = new AccessKeyStore(List.of(new AccessKey(ACCESS_KEY_ID, SECRET, Policy.ALLOW_ALL),
                new AccessKey(LIMITED_KEY_ID, SECRET, new Policy(List.of("kinesisvideo:ConnectAsViewer"), List.of("*")))));
        SigV4Verifier verifier = new SigV4Verifier(keys, "kinesisvideo", Duration.ofMinutes(5), Duration.ofDays(7), clock);
        hub = new SignalingHub(vertx, verifier, channels, bridge, settings, metrics, clock);
        Router router = Router.router(vertx);
        router.get("/").handler(hub);
        HttpServerOptions options = SignalingHub.configure(new HttpServerOptions().setPort(0).setHost("127.0.0.1"),
                settings);
        server = await(vertx.createHttpServer(options).requestHandler(router).listen());
        port = server.actualPort();
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 22).setConnectTimeout((int) TIMEOUT.toMillis()));
    }

    Channel channel(String name) {
        return channels.create(name, MessageRouter.DEFAULT_MESSAGE_TTL_SECONDS);
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** A JS-SDK-style presigned target; {@code clientId} null for the master. */
    String jsUrl(String channelArn, String clientId) {
        return presigner.presign(SigV4Presigner.Style.JS, host(), "/", params(channelArn, clientId), clock.instant(),
                SigV4Presigner.JS_EXPIRES_SECONDS);
    }

    /** A C-SDK-style presigned target: signature last, a week's expiry. */
    String cUrl(String channelArn, String clientId) {
        return presigner.presign(SigV4Presigner.Style.C, host(), "/", params(channelArn, clientId), clock.instant(),
                (int) Duration.ofDays(7).toSeconds());
    }

    static Map<String, String> params(String channelArn, String clientId) {
        Map<String, String> params = new LinkedHashMap<>();
        if (channelArn != null) {
            params.put("X-Amz-ChannelARN", channelArn);
        }
        if (clientId != null) {
            params.put("X-Amz-ClientId", clientId);
        }
        return params;
    }

    TestSocket master(String channelArn) {
        return connect(jsUrl(channelArn, null));
    }

    TestSocket viewer(String channelArn, String clientId) {
        return connect(jsUrl(channelArn, clientId));
    }

    TestSocket connect(String target, String... subProtocols) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI(target).setSubProtocols(subProtocols.length == 0 ? null : List.of(subProtocols));
        return await(client.connect(options).map(TestSocket::new));
    }

    /** Connects expecting a refusal; returns the HTTP status and KVS error body. */
    Refusal refused(String target) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(target);
        try {
            client.connect(options).toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .close();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return new Refusal(rejected.getStatus(), rejected.getHeaders().get("x-amzn-ErrorType"),
                        rejected.getBody() == null ? new JsonObject() : rejected.getBody().toJsonObject());
            }
            throw new AssertionError("expected an HTTP refusal, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the connect was accepted");
    }

    long failures(String operation, String error) {
        return metrics.counter("kvs_api_failures_total", "KVS API calls answered with an error, by operation and "
                + "error type", "operation", "error").value(operation, error);
    }

    long dropped(String reason) {
        return metrics.counter("kvs_signaling_frames_dropped_total", "", "reason").value(reason);
    }

    long connections(String role) {
        return metrics.gauge("kvs_signaling_connections", "", "role").value(role);
    }

    long transferred(String channelName) {
        return metrics.counter("kvs_signaling_messages_transferred_total", "", "channel").value(channelName);
    }

    /** Lets the next sweeps see time move on. */
    void advance(Duration by) {
        clock.advance(by);
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        hub.close();
        await(client.close());
        await(server.close());
        await(vertx.close());
    }

    /** A refused connect: HTTP status, {@code x-amzn-ErrorType} header and JSON body. */
    record Refusal(int status, String errorTypeHeader, JsonObject body) {
        String type() {
            return body.getString("__type");
        }
    }
}
