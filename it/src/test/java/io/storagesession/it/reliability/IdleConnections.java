package io.storagesession.it.reliability;

import io.storagesession.console.UrlPresigner;
import io.storagesession.it.PackagedServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;

/**
 * Many valid signaling connections that send nothing, opened as KVS clients open them: a presigned ConnectAsMaster or
 * ConnectAsViewer URL per connection, a master and 10 viewers per channel (KVS's per-channel limit), each channel's
 * connects paced at KVS's 3 per second from when the previous ones were admitted. All of them live on one Vert.x
 * event loop in the test's JVM. Counts what happened to them: refused upgrades, closes the server started, and clean
 * closes (close frame answered) when the test closes them.
 */
final class IdleConnections implements AutoCloseable {
    /** A master and {@code signaling.hub.max-viewers-per-channel} (10) viewers. */
    static final int PER_CHANNEL = 11;
    /** KVS admits 3 connects per second per channel (KVS-WIRE.md §2) ... */
    private static final int CONNECTS_PER_WAVE = 3;
    /** ... so a channel's next three start this long after the previous three were admitted. */
    private static final long WAVE_SPACING_MILLIS = 1_100;
    private static final Duration PRESIGN_EXPIRY = Duration.ofMinutes(15);
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(2);
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final long POLL_MILLIS = 100;
    private static final String ERROR_TYPE = "x-amzn-ErrorType";
    /** RFC 6455 §7.4.1: the close code both sides send when a client simply leaves. */
    private static final short NORMAL_CLOSURE = 1000;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final WebSocketClient client;
    private final UrlPresigner presigner;
    private final KinesisVideoClient kvs;
    private final String wss;
    private final Queue<WebSocket> sockets = new ConcurrentLinkedQueue<>();
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicInteger closedCleanly = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private volatile boolean closing;
    private int channels;

    private IdleConnections(KinesisVideoClient kvs, AwsBasicCredentials key, String wss, int capacity) {
        this.kvs = kvs;
        this.wss = wss;
        this.presigner = new UrlPresigner(key.accessKeyId(), key.secretAccessKey(), Region.US_WEST_2.id());
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(capacity)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS));
    }

    /** Opens {@code count} idle connections on as many new channels as they need; returns once all were tried. */
    static IdleConnections open(PackagedServer server, KinesisVideoClient kvs, int count) throws Exception {
        String first = kvs.createSignalingChannel(b -> b.channelName("idle-endpoint")).channelARN();
        String wss = kvs.getSignalingChannelEndpoint(b -> b.channelARN(first).singleMasterChannelEndpointConfiguration(
                c -> c.role(ChannelRole.MASTER).protocols(ChannelProtocol.WSS))).resourceEndpointList().get(0)
                .resourceEndpoint();
        IdleConnections idle = new IdleConnections(kvs, server.credentials(), wss, 2 * count);
        try {
            List<Future<Void>> all = new ArrayList<>();
            for (int opened = 0; opened < count; opened += PER_CHANNEL) {
                String arn = idle.newChannel("idle");
                all.add(idle.connectFrom(arn, 0, Math.min(PER_CHANNEL, count - opened)));
            }
            Future.join(all).toCompletionStage().toCompletableFuture().get(OPEN_TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
            return idle;
        } catch (Exception | Error e) {
            idle.close();
            throw e;
        }
    }

    private String newChannel(String prefix) {
        channels++;
        String name = prefix + "-" + run + "-" + channels;
        return kvs.createSignalingChannel(b -> b.channelName(name)).channelARN();
    }

    /** Connects participants {@code from}..{@code to - 1} of a channel (0 is the master), three per second. */
    private Future<Void> connectFrom(String arn, int from, int to) {
        List<Future<?>> wave = new ArrayList<>();
        for (int i = from; i < Math.min(to, from + CONNECTS_PER_WAVE); i++) {
            wave.add(connect(arn, i == 0 ? null : "viewer-" + i).recover(refused -> Future.succeededFuture()));
        }
        return Future.join(wave).transform(done -> {
            if (from + CONNECTS_PER_WAVE >= to) {
                return Future.succeededFuture();
            }
            Promise<Void> next = Promise.promise();
            vertx.setTimer(WAVE_SPACING_MILLIS, t -> connectFrom(arn, from + CONNECTS_PER_WAVE, to).onComplete(next));
            return next.future();
        });
    }

    private Future<WebSocket> connect(String arn, String clientId) {
        String query = "X-Amz-ChannelARN=" + URLEncoder.encode(arn, StandardCharsets.UTF_8)
                + (clientId == null ? "" : "&X-Amz-ClientId=" + clientId);
        URI url = presigner.presign(URI.create(wss + "/?" + query), PRESIGN_EXPIRY);
        return client.connect(new WebSocketConnectOptions().setAbsoluteURI(url.toString())).onSuccess(ws -> {
            sockets.add(ws);
            ws.closeHandler(v -> {
                Short code = ws.closeStatusCode();
                if (!closing) {
                    closedByServer.incrementAndGet();
                } else if (code != null && code == NORMAL_CLOSURE) {
                    closedCleanly.incrementAndGet();
                }
                closed.incrementAndGet();
            });
        }).onFailure(e -> refusals.add(describe(e)));
    }

    private static String describe(Throwable e) {
        if (e instanceof UpgradeRejectedException rejected) {
            return rejected.getStatus() + " " + rejected.getHeaders().get(ERROR_TYPE);
        }
        return e.toString();
    }

    /**
     * {@code count} masters more, each on a channel of its own (so no per-channel limit applies); returns what each
     * was answered: "101" when admitted, else the HTTP status and the KVS error type of the refusal.
     */
    List<String> attemptMore(int count) throws Exception {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String arn = newChannel("excess");
            answers.add(connect(arn, null).map(ws -> "101").otherwise(IdleConnections::describe));
        }
        Future.join(answers).toCompletionStage().toCompletableFuture().get(OPEN_TIMEOUT.toSeconds(),
                TimeUnit.SECONDS);
        return answers.stream().map(Future::result).toList();
    }

    int open() {
        return (int) sockets.stream().filter(ws -> !ws.isClosed()).count();
    }

    int channels() {
        return channels;
    }

    List<String> refused() {
        return List.copyOf(refusals);
    }

    int closedByServer() {
        return closedByServer.get();
    }

    /** Connections whose close handshake completed with the server's close frame 1000. */
    int closedCleanly() {
        return closedCleanly.get();
    }

    /** Closes every connection as a client leaving does (close frame 1000), then the client. */
    @Override
    public void close() throws Exception {
        closing = true;
        try {
            for (WebSocket ws : sockets) {
                ws.close();
            }
            long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
            while (closed.get() < sockets.size() && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
