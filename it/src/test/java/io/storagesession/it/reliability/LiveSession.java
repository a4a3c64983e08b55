package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.bench.session.LoadSession;
import io.storagesession.bench.session.media.LoadMedia;
import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.bench.session.peer.PeerLoop;
import io.storagesession.bench.session.peer.PeerSettings;
import io.storagesession.bench.session.peer.SimulatedPeer;
import io.storagesession.codecs.ExternalTool;
import io.storagesession.console.UrlPresigner;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.DtlsSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * The session in progress that an abuse must leave unharmed: a real storage session on the packaged server, driven as
 * a KVS application drives one (the bench's {@link LoadSession}: SigV4 control plane, presigned signaling,
 * GetIceServerConfig, TURN, JoinStorageSession, ICE, DTLS, SRTP), with a master sending H.264 and Opus and one viewer
 * receiving them. It is the lightest real session the project has: pre-encoded media, nothing decoded, all peers on one
 * thread. A test takes a {@link #counters() snapshot} before the abuse and asserts afterwards that the viewer kept
 * receiving video with little loss ({@link #assertMediaFlowedSince}); {@link #assertAFreshSessionConnects} proves
 * that a new client can still call the API, join and receive media.
 */
final class LiveSession implements AutoCloseable {
    /** Video packets lost for good (neither received nor repaired by NACK within a second), in percent of those due. */
    static final double MAX_LOSS_PERCENT = Double.parseDouble(System.getProperty("abuse.max-loss-percent", "1.0"));
    /** Sockets one session holds on the signaling hub: its master and its viewer. */
    static final int SIGNALING_SOCKETS = 2;
    private static final int VIEWERS = 1;
    private static final int TALKERS = 1;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int FPS = 30;
    private static final int BITRATE = 500_000;
    private static final int CLIP_SECONDS = 10;
    private static final int MAX_RTP_PAYLOAD = 1188;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NACK_DELAY_NANOS = 10_000_000;
    private static final long NACK_RETRY_NANOS = 100_000_000;
    private static final long LOSS_TIMEOUT_NANOS = NANOS_PER_SECOND;
    private static final double LATE_MILLIS = 150;
    private static final long FREEZE_FRAMES = 3;
    private static final int HANDSHAKE_THREADS = 2;
    private static final Duration CONNECT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 200;
    private static final Path MEDIA_CACHE = Path.of("target", "load-media");

    private final PackagedServer server;
    private final PeerLoop loop;
    private final ExecutorService handshakes;
    private final Vertx vertx;
    private final WebSocketClient webSockets;
    private final PeerSettings peers;
    private final KinesisVideoClient kvs;
    private final StaticCredentialsProvider credentials;
    private final UrlPresigner presigner;
    private LoadSession session;

    /** Skips (or fails under -Dexternal.required=true) without the encoder the session's media is made with. */
    static void requireTools() {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg: the session's video is encoded with libx264 once");
    }

    private LiveSession(PackagedServer server) throws Exception {
        this.server = server;
        loop = new PeerLoop();
        handshakes = Executors.newFixedThreadPool(HANDSHAKE_THREADS, r -> {
            Thread t = new Thread(r, "live-session-dtls");
            t.setDaemon(true);
            return t;
        });
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        webSockets = vertx.createWebSocketClient(new WebSocketClientOptions());
        long frameNanos = NANOS_PER_SECOND / FPS;
        peers = new PeerSettings(LoadMedia.prepare(MEDIA_CACHE, WIDTH, HEIGHT, FPS, BITRATE, CLIP_SECONDS,
                MAX_RTP_PAYLOAD), DtlsCertificate.generate(), DtlsSettings.defaults(), handshakes, loop, frameNanos,
                NACK_DELAY_NANOS, NACK_RETRY_NANOS, LOSS_TIMEOUT_NANOS, LATE_MILLIS, FREEZE_FRAMES * frameNanos);
        AwsBasicCredentials key = server.credentials();
        credentials = StaticCredentialsProvider.create(key);
        presigner = new UrlPresigner(key.accessKeyId(), key.secretAccessKey(), Region.US_WEST_2.id());
        kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
    }

    /** A session on a new channel {@code channel}, connected: the viewer receives the master's video. */
    static LiveSession start(PackagedServer server, String channel) throws Exception {
        LiveSession live = new LiveSession(server);
        try {
            live.session = live.open(channel);
            live.awaitViewerVideo(live.session, channel);
            return live;
        } catch (Exception | Error e) {
            live.close();
            throw e;
        }
    }

    private LoadSession open(String channel) throws Exception {
        LoadSession opened = new LoadSession(channel, loop);
        try {
            opened.open(kvs, credentials, Region.US_WEST_2, presigner, webSockets, peers, VIEWERS, TALKERS);
            return opened;
        } catch (Exception | Error e) {
            opened.close();
            throw e;
        }
    }

    private void awaitViewerVideo(LoadSession s, String channel) throws Exception {
        long deadline = System.nanoTime() + CONNECT.toNanos();
        while (System.nanoTime() < deadline) {
            s.rejoinIfSilent();
            if (viewers(s).videoPackets() > 0) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("the session on " + channel + " did not connect within " + CONNECT + ": "
                + s.participants() + ", problems " + s.problems() + "\nserver log:\n" + tail(server.log()));
    }

    /** What the viewer has received so far (video packets, losses, repairs, freezes). */
    PeerCounters counters() throws Exception {
        return viewers(session);
    }

    private PeerCounters viewers(LoadSession s) throws Exception {
        return loop.call(() -> {
            PeerCounters sum = PeerCounters.ZERO;
            for (SimulatedPeer p : s.participants()) {
                if (!p.isMaster()) {
                    sum = sum.plus(p.counters());
                }
            }
            return sum;
        });
    }

    /**
     * The viewer kept receiving the master's video since {@code before} and lost at most {@link #MAX_LOSS_PERCENT}
     * of it for good; no participant failed and signaling refused nothing. Returns the window's counts.
     */
    PeerCounters assertMediaFlowedSince(PeerCounters before, String during) throws Exception {
        PeerCounters window = counters().minus(before);
        System.out.printf("live session during %s: %d video packets received, %d lost for good (%.3f %%), "
                        + "%d repaired, %d freezes, %d audio packets; test loop stalls %d%n", during,
                window.videoPackets(), window.lost(), window.lossPercent(), window.repaired(), window.freezes(),
                window.audioReceived(), loop.stalls());
        assertThat(window.videoPackets()).as("video reached the viewer during %s", during).isPositive();
        assertThat(window.lossPercent()).as("video lost for good during %s", during)
                .isLessThanOrEqualTo(MAX_LOSS_PERCENT);
        assertThat(session.participants()).as("participants after %s", during)
                .allMatch(p -> p.state() == SimulatedPeer.State.CONNECTED, "connected");
        assertThat(session.problems()).as("signaling refusals during %s", during).isEmpty();
        return window;
    }

    /**
     * A fresh client: a control-plane call with a new SDK client, then a new session on channel {@code channel} whose
     * viewer receives video; it leaves again.
     */
    void assertAFreshSessionConnects(String channel) throws Exception {
        try (KinesisVideoClient fresh = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            assertThat(fresh.listSignalingChannels(b -> b.maxResults(1)).channelInfoList()).isNotEmpty();
        }
        try (LoadSession s = open(channel)) {
            awaitViewerVideo(s, channel);
            System.out.printf("fresh session %s: connected, its viewer receives video%n", channel);
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws Exception {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            kvs.close();
            loop.close();
            handshakes.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
