package io.storagesession.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Principal;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.bridge.ParticipantLinks;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.controlplane.ControlPlane;
import io.storagesession.api.controlplane.ControlPlaneSettings;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.http.Endpoints;
import io.storagesession.api.hub.HubSettings;
import io.storagesession.api.hub.SignalingHub;
import io.storagesession.api.ice.IceServer;
import io.storagesession.api.ice.IceServerConfigApi;
import io.storagesession.api.ice.IceSettings;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistrySettings;
import io.storagesession.api.storage.StorageApi;
import io.storagesession.api.storage.StorageApiSettings;
import io.storagesession.codecs.Opus;
import io.storagesession.console.ConsoleSettings;
import io.storagesession.console.ServerCharts;
import io.storagesession.console.WebConsole;
import io.storagesession.media.MediaPlane;
import io.storagesession.media.MediaPlaneFactory;
import io.storagesession.media.MediaPlanes;
import io.storagesession.mediastore.MediaStore;
import io.storagesession.mediastore.ingest.PutMediaServer;
import io.storagesession.metrics.Metrics;
import io.storagesession.mixer.AudioMixer;
import io.storagesession.mixer.AudioSettings;
import io.storagesession.recorder.Recorder;
import io.storagesession.recorder.RecorderStatus;
import io.storagesession.recorder.Recordings;
import io.storagesession.sfu.SfuSettings;
import io.storagesession.sfu.VideoForwarder;
import io.storagesession.webrtc.StorageSessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.net.InetSocketAddress;
import java.net.URI;
import io.storagesession.turn.SteadyClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The whole process wired together: data dir and credentials, the registry, every KVS API behind SigV4, the
 * signaling hub, the embedded TURN server, {@code /health} and {@code /metrics}, on one HTTP port (and optionally
 * HTTPS/WSS). The listener binds first so a port of 0 can be resolved into the public URL; {@code /health} answers 503
 * until every route is mounted, then 200.
 *
 * <p>With {@code --https-port} and the embedded TURN server (with TLS), the HTTPS port carries HTTPS, WSS and TURN over
 * TLS, as KVS's 443 does: the TURN server binds it, and pipes connections whose first decrypted bytes are not STUN to
 * a loopback HTTP listener of ours ({@link PipedHttps}). Otherwise Vert.x serves HTTPS on it.
 */
public final class StorageSessionServer {
    private static final Logger LOG = LoggerFactory.getLogger(StorageSessionServer.class);
    private static final String SERVICE = "kinesisvideo";
    /** Where the loopback listener for HTTPS piped from the TURN server's shared port binds. */
    private static final String LOOPBACK = "127.0.0.1";

    private final Vertx vertx;
    private final Registry registry;
    private final SignalingHub hub;
    private final TurnServers turn;
    private final StorageSessionBridge bridge;
    private final List<HttpServer> listeners;
    private final int httpsPort;
    private final AccessKeys.Loaded credentials;
    private final String publicUrl;
    private final Metrics metrics;
    private final Duration shutdownTimeout;
    private final List<AutoCloseable> closeAfterBridge;
    private final MediaStore mediaStore;

    private StorageSessionServer(Vertx vertx, Registry registry, SignalingHub hub, TurnServers turn,
                                 StorageSessionBridge bridge, List<HttpServer> listeners, int httpsPort,
                                 AccessKeys.Loaded credentials, String publicUrl, Metrics metrics, Duration shutdownTimeout,
                                 List<AutoCloseable> closeAfterBridge, MediaStore mediaStore) {
        this.vertx = vertx;
        this.registry = registry;
        this.hub = hub;
        this.turn = turn;
        this.bridge = bridge;
        this.listeners = listeners;
        this.httpsPort = httpsPort;
        this.credentials = credentials;
        this.publicUrl = publicUrl;
        this.metrics = metrics;
        this.shutdownTimeout = shutdownTimeout;
        this.closeAfterBridge = closeAfterBridge;
        this.mediaStore = mediaStore;
    }

    /**
     * Starts everything; blocks the calling (non-event-loop) thread until the server is ready.
     *
     * @param bridges builds the storage-session bridge, given the hub's links to participants
     */
    public static StorageSessionServer start(Config rawConfig, Function<ParticipantLinks, StorageSessionBridge> bridges)
            throws Exception {
        return start(rawConfig, (BridgeFactory) wiring -> bridges.apply(wiring.links()));
    }

    /**
     * Starts the server with the real storage sessions (the WebRTC peer of JoinStorageSession) and their media
     * plane: the master's video forwarded to the viewers, everyone's audio mixed for everyone else.
     */
    public static StorageSessionServer start(Config rawConfig) throws Exception {
        return start(rawConfig, (BridgeFactory) wiring -> {
            SfuSettings sfu = SfuSettings.from(wiring.config());
            AudioSettings audio = AudioSettings.from(wiring.config());
            MediaMetrics counters = MediaMetrics.of(wiring.metrics(), wiring.config());
            Opus.preload();
            AccessKey own = wiring.credentials().keys().get(0);
            Recordings recordings = Recordings.create(wiring.vertx(), wiring.config(), wiring.metrics(),
                    wiring.localUrl(), StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(own.accessKeyId(), own.secretAccessKey())), wiring.ownStore());
            wiring.closeAfterBridge().add(recordings);
            wiring.health().accept("recording", recordings.health()::problem);
            wiring.recorders().accept(recordings::status);
            return new StorageSessions(wiring.config(), wiring.links(), wiring.relays(), wiring.metrics(),
                    info -> sessionMedia(info, sfu, audio, counters, recordings), wiring.clock());
        });
    }

    /**
     * A session's media: the SFU and the mixer take the participants' packets; when the channel records to a stream,
     * the recorder subscribes to the SFU's master stream and the mixer's full mix. The one place a session is wired.
     */
    private static MediaPlane sessionMedia(MediaPlaneFactory.SessionInfo info, SfuSettings sfu, AudioSettings audio,
                                           MediaMetrics counters, Recordings recordings) {
        VideoForwarder video = new VideoForwarder(sfu, System::nanoTime, counters.video().forSession());
        AudioMixer audioMixer = new AudioMixer(audio, counters.audio().forSession());
        Optional<Recorder> recorder = recordings.forSession(info, video::requestKeyframe);
        recorder.ifPresent(r -> {
            video.subscribe(r);
            audioMixer.subscribe(r);
        });
        return MediaPlanes.of(List.of(video, audioMixer), recorder.map(List::of).orElse(List.of()));
    }

    /**
     * Starts everything; blocks the calling (non-event-loop) thread until the server is ready.
     *
     * @param bridges builds the storage-session bridge once the hub, TURN servers and metrics exist
     */
    public static StorageSessionServer start(Config rawConfig, BridgeFactory bridges) throws Exception {
        ServerSettings settings = ServerSettings.from(rawConfig);
        Config config = rawConfig.withValue(RegistrySettings.PATH + ".region",
                ConfigValueFactory.fromAnyRef(settings.region(), "server.region"))
                .withValue("turn.port", ConfigValueFactory.fromAnyRef(settings.turnPort(), "server.turn.port"))
                .withValue("turn.listen-host", ConfigValueFactory.fromAnyRef(settings.host(), "server.host"));
        Duration timeout = config.getDuration("server.shutdown.timeout");
        DataDir dataDir = new DataDir(settings.dataDir());
        AccessKeys.Loaded credentials = AccessKeys.load(config, dataDir);
        Clock clock = Clock.systemUTC();
        // Durations (TURN lifetimes, signaling idle timeouts, pending messages) are measured on a clock that a step of
        // the system clock does not move; absolute times (SigV4, credentials, timestamps) stay on the wall clock.
        Clock steady = SteadyClock.system();
        Metrics metrics = new Metrics();
        AccessKeyStore keys = new AccessKeyStore(credentials.keys());
        SigV4Verifier verifier = new SigV4Verifier(keys, SERVICE,
                config.getDuration("signaling.auth.allowed-clock-skew"),
                config.getDuration("signaling.auth.max-presigned-expiry"), clock);

        Vertx vertx = Vertx.vertx();
        List<AutoCloseable> closeAfterBridge = new ArrayList<>();
        Registry registry = null;
        TurnServers turn = null;
        StorageSessionBridge bridge = null;
        MediaStore mediaStore = null;
        try {
            registry = Registry.open(vertx, dataDir.root(), RegistrySettings.from(config));
            HubSettings hubSettings = HubSettings.from(config);
            Router router = Router.router(vertx);
            PipedHttps.enable(router);
            ServerHealth health = new ServerHealth();
            router.get("/health").handler(ctx -> ctx.response().setStatusCode(health.isReady() ? 200 : 503)
                    .putHeader("Content-Type", "application/json").end(health.report().encode()));
            router.get("/metrics").handler(ctx -> ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
            ConsoleSettings consoleSettings = ConsoleSettings.from(config);
            WebConsole console = WebConsole.mount(vertx, router, keys, consoleSettings, settings.region(), clock);

            List<HttpServer> listeners = new ArrayList<>();
            RequestDeadlines deadlines = new RequestDeadlines(vertx, RequestDeadlines.Settings.from(config),
                    request -> PutMediaServer.PATH.equals(request.path()));
            HttpServerOptions httpOptions = deadlines.configure(SignalingHub.configure(new HttpServerOptions(),
                    hubSettings)).setHost(settings.host()).setPort(settings.httpPort());
            listeners.add(await(deadlines.guard(vertx.createHttpServer(httpOptions), PipedHttps.direct(router))
                    .listen(), timeout));
            String publicUrl = settings.publicUrl(listeners.get(0).actualPort());
            InetSocketAddress httpsBackend = null;
            HttpServer vertxHttps = null;
            if (settings.httpsPort() > 0 && TurnServers.embeddedWithTls(config)) {
                HttpServerOptions pipedOptions = deadlines.configure(SignalingHub.configure(new HttpServerOptions(),
                        hubSettings)).setHost(LOOPBACK).setPort(0);
                HttpServer piped = await(deadlines.guard(vertx.createHttpServer(pipedOptions),
                        PipedHttps.piped(router)).listen(), timeout);
                listeners.add(piped);
                httpsBackend = new InetSocketAddress(LOOPBACK, piped.actualPort());
            } else if (settings.httpsPort() > 0) {
                TlsCertificate.KeyAndCertificate tls = TlsCertificate.ensure(dataDir, settings.publicHost());
                HttpServerOptions httpsOptions = deadlines.configure(SignalingHub.configure(new HttpServerOptions(),
                        hubSettings)).setHost(settings.host()).setPort(settings.httpsPort()).setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certificate().toString())
                                .setKeyPath(tls.privateKey().toString()));
                vertxHttps = await(deadlines.guard(vertx.createHttpServer(httpsOptions), PipedHttps.direct(router))
                        .listen(), timeout);
                listeners.add(vertxHttps);
            }

            Endpoints endpoints = Endpoints.fromPublicUrl(publicUrl);
            turn = TurnServers.start(config, settings, dataDir, metrics, clock, steady, httpsBackend);
            int httpsPort = turn.sharesHttps() ? turn.tlsPort() : vertxHttps != null ? vertxHttps.actualPort() : 0;
            List<IceServer> turnServers = turn.advertised();
            LinksProxy links = new LinksProxy();
            AtomicReference<Function<String, RecorderStatus>> recorders =
                    new AtomicReference<>(channel -> RecorderStatus.NO_RECORDER);
            OwnStoreIngest ownStore = new OwnStoreIngest(new Principal(credentials.keys().get(0), settings.region()));
            bridge = bridges.create(new BridgeFactory.Wiring(config, links, turn.sessionRelays(config, clock), metrics, clock, vertx,
                    URI.create(publicUrl), URI.create(settings.localUrl(listeners.get(0).actualPort())), credentials,
                    closeAfterBridge, health::check, ownStore, recorders::set));
            SignalingHub hub = new SignalingHub(vertx, verifier, registry, bridge, hubSettings, metrics, steady);
            links.target(hub);
            router.get("/").handler(hub);

            ApiRoutes api = new ApiRoutes(router, verifier, console.browserSessions(), metrics,
                    config.getBytes("signaling.api.max-body-bytes"));
            new ControlPlane(registry, endpoints, ControlPlaneSettings.from(config)).operations().forEach(api::add);
            api.add(new IceServerConfigApi(registry, () -> turnServers, IceSettings.from(config), clock).operation());
            new StorageApi(registry, bridge, StorageApiSettings.from(config), clock).operations().forEach(api::add);
            mediaStore = MediaStore.start(new MediaStore.Wiring(vertx, router, api, verifier, registry, metrics, config,
                    dataDir.root(), clock));
            ownStore.target(mediaStore.putMedia());
            health.check("media-store", mediaStore::problem);
            console.addLive(ConsoleFeeds.live(bridge, channel -> recorders.get().apply(channel), clock));
            if (consoleSettings.enabled()) {
                ServerCharts charts = new ServerCharts(vertx, consoleSettings, ConsoleFeeds.probes(metrics, health),
                        clock);
                closeAfterBridge.add(charts);
                console.addServerCharts(charts);
            }
            api.addFallbacks();
            health.ready(turn.embeddedPort() > 0 ? new String[] {"http", "registry", "signaling", "media-store", "turn"}
                    : new String[] {"http", "registry", "signaling", "media-store"});
            LOG.info("listening on {} (public URL {})", listeners.stream().map(s -> Integer.toString(s.actualPort()))
                    .toList(), publicUrl);
            return new StorageSessionServer(vertx, registry, hub, turn, bridge, listeners, httpsPort, credentials,
                    publicUrl, metrics, timeout, closeAfterBridge, mediaStore);
        } catch (Exception | Error e) {
            closeBridge(bridge);
            closeAll(closeAfterBridge);
            if (mediaStore != null) {
                mediaStore.close();
            }
            if (turn != null) {
                turn.close();
            }
            if (registry != null) {
                registry.close();
            }
            vertx.close();
            throw e;
        }
    }

    public int httpPort() {
        return listeners.get(0).actualPort();
    }

    /**
     * The HTTPS/WSS port, or 0 when HTTPS is off. When it is {@link #turnTlsPort()} too, it also carries TURN over TLS.
     */
    public int httpsPort() {
        return httpsPort;
    }

    /** The embedded TURN server's UDP/TCP port, or 0 when external TURN servers are configured instead. */
    public int turnPort() {
        return turn.embeddedPort();
    }

    /** The embedded TURN server's TURN-over-TLS port — the HTTPS port when they share it — or 0 when it has none. */
    public int turnTlsPort() {
        return turn.tlsPort();
    }

    public String publicUrl() {
        return publicUrl;
    }

    public AccessKeys.Loaded credentials() {
        return credentials;
    }

    /** The hub's links to connected participants. */
    public ParticipantLinks links() {
        return hub;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Stops listening, closes signaling connections and the database; blocks until done or the timeout passes. */
    public void stop() {
        try {
            hub.close();
            closeBridge(bridge);
            closeAll(closeAfterBridge);
            for (HttpServer listener : listeners) {
                await(listener.close(), shutdownTimeout);
            }
            mediaStore.close();
            turn.close();
            registry.close();
            await(vertx.close(), shutdownTimeout);
        } catch (Exception e) {
            LOG.warn("shutdown did not complete cleanly", e);
        }
    }

    /** The event loops, for tests that run parts of the server's own on them. */
    Vertx vertx() {
        return vertx;
    }

    /** The local media store (PutMedia, GetMedia, ListFragments) and its read-side API. */
    public MediaStore mediaStore() {
        return mediaStore;
    }

    /** The storage-session bridge the server runs (for tests and operators' tools). */
    public StorageSessionBridge bridge() {
        return bridge;
    }

    /** After the bridge: what must finish while the listeners still serve (recordings' last PutMedia uploads). */
    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("{} did not close cleanly", closeable, e);
            }
        }
    }

    private static void closeBridge(StorageSessionBridge bridge) {
        if (bridge instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("storage sessions did not close cleanly", e);
            }
        }
    }

    private static <T> T await(Future<T> future, Duration timeout) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
