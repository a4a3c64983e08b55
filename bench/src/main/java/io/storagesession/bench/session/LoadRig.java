package io.storagesession.bench.session;

import io.storagesession.bench.session.media.LoadMedia;
import io.storagesession.bench.session.peer.PeerLoop;
import io.storagesession.bench.session.peer.PeerSettings;
import io.storagesession.bench.session.probe.ServerProcess;
import io.storagesession.console.UrlPresigner;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.DtlsSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * What every {@link LoadSession} of a run is opened with, made once: the media, the participants' one event loop
 * ({@link PeerLoop}) and DTLS handshake pool, a one-thread Vert.x for the signaling WebSockets, the control-plane
 * client and the URL presigner, all with the run's credentials. The generator and the soak share it.
 */
final class LoadRig implements AutoCloseable {
    private static final int WEBSOCKET_CONNECTIONS = 10_000;
    private static final long VERTX_CLOSE_SECONDS = 10;

    final LoadSettings settings;
    final PeerLoop loop;
    final PeerSettings peers;
    private final ExecutorService handshakes;
    private final Vertx vertx;
    private final WebSocketClient webSockets;
    private final StaticCredentialsProvider credentials;
    private final Region region;
    private final UrlPresigner presigner;
    private final KinesisVideoClient kvs;

    LoadRig(LoadSettings settings) throws Exception {
        this.settings = settings;
        LoadMedia media = LoadMedia.prepare(settings.mediaCache(), settings.width(), settings.height(), settings.fps(),
                settings.bitrate(), settings.clipSeconds(), settings.maxRtpPayload());
        loop = new PeerLoop();
        handshakes = Executors.newFixedThreadPool(settings.handshakeThreads(), r -> {
            Thread t = new Thread(r, "dtls-handshake");
            t.setDaemon(true);
            return t;
        });
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        webSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(WEBSOCKET_CONNECTIONS));
        peers = new PeerSettings(media, DtlsCertificate.generate(), DtlsSettings.defaults(), handshakes,
                loop, settings.frameNanos(), settings.nackDelay().toNanos(), settings.nackRetry().toNanos(),
                settings.lossTimeout().toNanos(), settings.lateMillis(),
                Math.round(settings.freezeFrames() * settings.frameNanos()));
        credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        region = Region.of(settings.region());
        presigner = new UrlPresigner(settings.accessKeyId(), settings.secretAccessKey(), settings.region());
        kvs = KinesisVideoClient.builder().endpointOverride(URI.create(settings.endpoint())).region(region)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).credentialsProvider(credentials).build();
    }

    /** The server under test: {@code --server-pid}, else the process listening on the endpoint's port. */
    static ServerProcess server(LoadSettings settings) throws Exception {
        int port = URI.create(settings.endpoint()).getPort();
        return new ServerProcess(settings.serverPid() > 0 ? settings.serverPid()
                : ServerProcess.listeningOn(port).orElseThrow(() -> new IllegalStateException(
                        "no process listens on port " + port + "; give --server-pid")));
    }

    /** Opens {@code session} with {@code --viewers} viewers and {@code --talkers} talkers. */
    void open(LoadSession session) throws Exception {
        session.open(kvs, credentials, region, presigner, webSockets, peers, settings.viewers(), settings.talkers());
    }

    /** The master, {@code --viewers} viewers and {@code --talkers} talkers join {@code session}'s channel again. */
    void participate(LoadSession session) throws Exception {
        session.participate(settings.viewers(), settings.talkers());
    }

    @Override
    public void close() throws Exception {
        kvs.close();
        loop.close();
        handshakes.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(VERTX_CLOSE_SECONDS, TimeUnit.SECONDS);
    }
}
