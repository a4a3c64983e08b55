package io.storagesession.bench;

import io.storagesession.console.UrlPresigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;

/**
 * Signaling relay load: N channels, each with a master and V viewers (KVS clients over the WebSocket), viewers sending
 * ICE_CANDIDATE frames to their master at a fixed rate, the master echoing each back to its sender. Reports relayed
 * messages per second and one-way latency percentiles per hop, measured after a warm-up. Usage:
 * <pre>java -cp bench/target/bench.jar io.storagesession.bench.SignalingLoadGenerator \
 *   --endpoint http://127.0.0.1:8080 --credentials data/credentials --channels 100 --viewers 3 \
 *   --rate 6 --seconds 30 --warmup 5</pre>
 * Mind the server's quotas (20 ICE candidates/s per connection by default): a master echoing for 3 viewers sends
 * 3 × rate per second.
 */
public final class SignalingLoadGenerator {
    private static final String CANDIDATE = "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ relay";
    private static final long TICK_MS = 10;
    /** KVS allows 3 connects per second per channel: the viewers of a channel connect this far apart. */
    private static final long CONNECT_SPACING_MS = 350;

    private final Map<String, String> args;
    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong statusResponses = new AtomicLong();
    private final AtomicLong closedEarly = new AtomicLong();
    private final List<LatencyRecorder> toMaster = new ArrayList<>();
    private final List<LatencyRecorder> toViewer = new ArrayList<>();
    private volatile boolean measuring;
    private volatile boolean sending = true;

    private SignalingLoadGenerator(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>(Map.of("--endpoint", "http://127.0.0.1:8080", "--credentials",
                "data/credentials", "--channels", "100", "--viewers", "3", "--rate", "6", "--seconds", "30",
                "--warmup", "5", "--region", "us-west-2", "--echo", "true"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i], argv[i + 1]);
        }
        new SignalingLoadGenerator(args).run();
    }

    private void run() throws Exception {
        String[] keys = readCredentials(Path.of(args.get("--credentials")));
        int channels = Integer.parseInt(args.get("--channels"));
        int viewers = Integer.parseInt(args.get("--viewers"));
        double rate = Double.parseDouble(args.get("--rate"));
        int seconds = Integer.parseInt(args.get("--seconds"));
        int warmup = Integer.parseInt(args.get("--warmup"));
        boolean echo = Boolean.parseBoolean(args.get("--echo"));
        int capacity = (int) Math.min(5_000_000, rate * viewers * (seconds + 2) * 1.5 + 1000);
        UrlPresigner presigner = new UrlPresigner(keys[0], keys[1], args.get("--region"));
        List<String[]> created = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (KinesisVideoClient kvs = KinesisVideoClient.builder().endpointOverride(URI.create(args.get("--endpoint")))
                .region(Region.of(args.get("--region"))).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keys[0], keys[1])))
                .build()) {
            for (int i = 0; i < channels; i++) {
                String name = "bench-" + run + "-" + i;
                String arn = kvs.createSignalingChannel(b -> b.channelName(name)).channelARN();
                String wss = kvs.getSignalingChannelEndpoint(b -> b.channelARN(arn).singleMasterChannelEndpointConfiguration(
                        c -> c.protocols(ChannelProtocol.WSS).role(ChannelRole.MASTER))).resourceEndpointList().get(0)
                        .resourceEndpoint();
                created.add(new String[] {arn, wss});
            }
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                    .setConnectTimeout(10_000));
            List<Future<Void>> ready = new ArrayList<>();
            for (String[] ch : created) {
                ready.add(connectChannel(client, presigner, ch[0], ch[1], viewers, rate, echo, capacity));
            }
            Future.all(ready).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            System.out.printf("connected %d channels x (1 master + %d viewers)%n", channels, viewers);
            Thread.sleep(warmup * 1000L);
            long startCount = relayed.get();
            long start = System.nanoTime();
            measuring = true;
            Thread.sleep(seconds * 1000L);
            measuring = false;
            long elapsed = System.nanoTime() - start;
            long count = relayed.get() - startCount;
            sending = false;
            Thread.sleep(1000);
            report(channels, viewers, rate, echo, count, elapsed);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (String[] ch : created) {
                kvs.deleteSignalingChannel(b -> b.channelARN(ch[0]));
            }
        }
    }

    private Future<Void> connectChannel(WebSocketClient client, UrlPresigner presigner, String arn, String wss,
                                        int viewers, double rate, boolean echo, int capacity) {
        LatencyRecorder masterLatency = new LatencyRecorder(capacity);
        synchronized (toMaster) {
            toMaster.add(masterLatency);
        }
        return connect(client, presigner, wss, arn, null).compose(master -> {
            master.textMessageHandler(text -> {
                JsonObject frame = new JsonObject(text);
                if (!"ICE_CANDIDATE".equals(frame.getString("messageType"))) {
                    statusResponses.incrementAndGet();
                    return;
                }
                onDelivered(frame, masterLatency);
                if (echo && sending) {
                    master.writeTextMessage(frame("ICE_CANDIDATE", frame.getString("senderClientId")));
                }
            });
            master.closeHandler(v -> {
                if (sending) {
                    closedEarly.incrementAndGet();
                }
            });
            List<Future<Void>> all = new ArrayList<>();
            for (int v = 0; v < viewers; v++) {
                String clientId = "viewer-" + v;
                LatencyRecorder viewerLatency = new LatencyRecorder(capacity);
                synchronized (toViewer) {
                    toViewer.add(viewerLatency);
                }
                long delay = CONNECT_SPACING_MS * (v + 1);
                all.add(later(delay).compose(x -> connect(client, presigner, wss, arn, clientId)).map(ws -> {
                    ws.textMessageHandler(text -> {
                        JsonObject frame = new JsonObject(text);
                        if ("ICE_CANDIDATE".equals(frame.getString("messageType"))) {
                            onDelivered(frame, viewerLatency);
                        } else {
                            statusResponses.incrementAndGet();
                        }
                    });
                    ws.closeHandler(x -> {
                        if (sending) {
                            closedEarly.incrementAndGet();
                        }
                    });
                    double perTick = rate * TICK_MS / 1000.0;
                    double[] due = {0};
                    vertx.setPeriodic(TICK_MS, id -> {
                        if (!sending || ws.isClosed()) {
                            vertx.cancelTimer(id);
                            return;
                        }
                        due[0] += perTick;
                        while (due[0] >= 1) {
                            due[0] -= 1;
                            ws.writeTextMessage(frame("ICE_CANDIDATE", null));
                        }
                    });
                    return null;
                }));
            }
            return Future.all(all).mapEmpty();
        });
    }

    private Future<Void> later(long millis) {
        io.vertx.core.Promise<Void> promise = io.vertx.core.Promise.promise();
        vertx.setTimer(millis, id -> promise.complete());
        return promise.future();
    }

    private void onDelivered(JsonObject frame, LatencyRecorder recorder) {
        JsonObject payload = new JsonObject(new String(Base64.getDecoder().decode(frame.getString("messagePayload")),
                StandardCharsets.UTF_8));
        if (measuring) {
            recorder.record(System.nanoTime() - payload.getLong("t"));
            relayed.incrementAndGet();
        }
    }

    private static String frame(String action, String recipient) {
        String payload = new JsonObject().put("candidate", CANDIDATE).put("sdpMid", "0").put("sdpMLineIndex", 0)
                .put("t", System.nanoTime()).encode();
        JsonObject json = new JsonObject().put("action", action)
                .put("messagePayload", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
        if (recipient != null) {
            json.put("recipientClientId", recipient);
        }
        return json.encode();
    }

    private Future<WebSocket> connect(WebSocketClient client, UrlPresigner presigner, String wss, String arn,
                                      String clientId) {
        String query = "X-Amz-ChannelARN=" + URLEncoder.encode(arn, StandardCharsets.UTF_8)
                + (clientId == null ? "" : "&X-Amz-ClientId=" + clientId);
        URI url = presigner.presign(URI.create(wss + "/?" + query), Duration.ofMinutes(5));
        return client.connect(new WebSocketConnectOptions().setAbsoluteURI(url.toString()));
    }

    private void report(int channels, int viewers, double rate, boolean echo, long count, long elapsedNanos) {
        long[] up = LatencyRecorder.merged(toMaster);
        long[] down = LatencyRecorder.merged(toViewer);
        double seconds = elapsedNanos / 1e9;
        System.out.printf("channels=%d viewers/channel=%d rate/viewer=%.1f/s echo=%s%n", channels, viewers, rate, echo);
        System.out.printf("relayed %d messages in %.1f s = %.0f msg/s; status responses %d; connections closed early %d%n",
                count, seconds, count / seconds, statusResponses.get(), closedEarly.get());
        System.out.printf("viewer->master latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  (n=%d)%n",
                LatencyRecorder.percentileMillis(up, 50), LatencyRecorder.percentileMillis(up, 90),
                LatencyRecorder.percentileMillis(up, 99), LatencyRecorder.percentileMillis(up, 100), up.length);
        System.out.printf("master->viewer latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  (n=%d)%n",
                LatencyRecorder.percentileMillis(down, 50), LatencyRecorder.percentileMillis(down, 90),
                LatencyRecorder.percentileMillis(down, 99), LatencyRecorder.percentileMillis(down, 100), down.length);
    }

    private static String[] readCredentials(Path file) throws Exception {
        String id = null;
        String secret = null;
        for (String line : Files.readAllLines(file)) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals("aws_access_key_id")) {
                id = kv[1].trim();
            } else if (kv.length == 2 && kv[0].trim().equals("aws_secret_access_key")) {
                secret = kv[1].trim();
            }
        }
        if (id == null || secret == null) {
            throw new IllegalArgumentException(file + " has no aws_access_key_id / aws_secret_access_key");
        }
        return new String[] {id, secret};
    }
}
