package io.storagesession.server;

import com.typesafe.config.Config;
import io.storagesession.api.ice.IceServer;
import io.storagesession.api.ice.IceSettings;
import io.storagesession.metrics.Metrics;
import io.storagesession.turn.TurnClientSettings;
import io.storagesession.turn.TurnClients;
import io.storagesession.turn.TurnServer;
import io.storagesession.turn.TurnSettings;
import io.storagesession.turn.TurnTls;
import io.storagesession.webrtc.ice.EmbeddedRelays;
import io.storagesession.webrtc.ice.ExternalRelays;
import io.storagesession.webrtc.ice.RelayOpener;
import io.storagesession.webrtc.ice.RelayServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The TURN servers GetIceServerConfig advertises, and the embedded one when it runs. With
 * {@code signaling.ice.external-servers} set (coturn with {@code --use-auth-secret}), those are advertised and nothing
 * is started; otherwise the embedded server starts on {@code --turn-port} with the secret of
 * {@code server.turn.secret} (or one generated into the data dir).
 *
 * <p>It is advertised as KVS advertises its own (KVS-WIRE.md §1): {@code turn:HOST:PORT?transport=udp} and
 * {@code turns:HOST:TLSPORT?transport=tcp}. TURN over TLS is on unless {@code turn.tls.port} is -1, with the server's
 * own certificate unless another is given; its port is {@code turn.tls.port} (5349), or — when the server serves
 * HTTPS ({@code --https-port}) — the HTTPS port itself, which the TURN server then binds and shares: connections whose
 * first decrypted bytes are not STUN are piped to the HTTP listener, as KVS carries HTTPS, WSS and TURN on 443, the
 * only port the KVS C SDK uses. Without TLS the plain TCP port is advertised instead. With
 * {@code server.turn.advertise-udp = false} only {@code turns:} is advertised. The storage session's own relayed
 * addresses ({@link #sessionRelays()}) are held in-process on the embedded server, or allocated over UDP on the
 * first outside server.
 */
final class TurnServers implements AutoCloseable {
    static final String SECRET_FILE = "turn-secret";
    private static final int SECRET_LENGTH = 32;
    private static final String LOOPBACK = "127.0.0.1";
    /** DNS lookups of outside TURN servers at once; each thread ends after a minute without one. */
    private static final int RESOLVER_THREADS = 2;
    private static final long RESOLVER_IDLE_SECONDS = 60;

    private final List<IceServer> advertised;
    private final TurnServer embedded;
    private final boolean sharesHttps;

    private TurnServers(List<IceServer> advertised, TurnServer embedded, boolean sharesHttps) {
        this.advertised = advertised;
        this.embedded = embedded;
        this.sharesHttps = sharesHttps;
    }

    /**
     * True when the embedded TURN server will run with TLS, so that with {@code --https-port} it, not the HTTP server,
     * binds the HTTPS port.
     */
    static boolean embeddedWithTls(Config config) {
        TurnSettings turn = TurnSettings.from(config);
        return IceSettings.externalServers(config).isEmpty() && turn.enabled() && turn.tlsPort() >= 0;
    }

    /**
     * Starts the embedded server, or only lists the external ones.
     *
     * @param clock        the wall clock, for the expiry of the TURN credentials GetIceServerConfig hands out
     * @param steady       the clock the embedded server measures lifetimes and bandwidth budgets on
     * @param httpsBackend where the HTTPS port's decrypted HTTP goes when the TURN server shares the HTTPS port
     *                     ({@code settings.httpsPort()} > 0 and {@link #embeddedWithTls}); null otherwise
     */
    static TurnServers start(Config config, ServerSettings settings, DataDir dataDir, Metrics metrics, Clock clock,
                             Clock steady, InetSocketAddress httpsBackend) throws IOException {
        List<IceServer> external = IceSettings.externalServers(config);
        TurnSettings turn = TurnSettings.from(config);
        if (!external.isEmpty() || !turn.enabled()) {
            return new TurnServers(external, null, false);
        }
        String secret = config.getString("server.turn.secret");
        if (secret.isEmpty()) {
            secret = dataDir.secret(SECRET_FILE, SECRET_LENGTH);
        }
        TurnTls tls = TurnTls.OFF;
        boolean shared = httpsBackend != null && settings.httpsPort() > 0 && turn.tlsPort() >= 0;
        if (turn.tlsPort() >= 0) {
            Path certificate = turn.tlsCertificate().isBlank() ? null : Path.of(turn.tlsCertificate());
            Path key = turn.tlsPrivateKey().isBlank() ? null : Path.of(turn.tlsPrivateKey());
            if (certificate == null || key == null) {
                TlsCertificate.KeyAndCertificate own = TlsCertificate.ensure(dataDir, settings.publicHost());
                certificate = own.certificate();
                key = own.privateKey();
            }
            tls = shared ? TurnTls.fromPem(settings.httpsPort(), certificate, key, httpsBackend)
                    : TurnTls.fromPem(turn.tlsPort(), certificate, key, null);
        }
        InetAddress relay = InetAddress.getByName(relayHost(turn, settings));
        TurnServer server = TurnServer.start(turn, secret, relay,
                new TurnMetrics(metrics), clock, steady, tls);
        String host = uriHost(settings.publicHost());
        String udp = "turn:" + host + ":" + server.port() + "?transport=udp";
        String turns = "turns:" + host + ":" + server.tlsPort() + "?transport=tcp";
        List<String> uris = server.tlsPort() <= 0 ? List.of(udp, "turn:" + host + ":" + server.port() + "?transport=tcp")
                : List.of(udp, turns);
        List<IceServer> advertised = server.tlsPort() > 0 && !config.getBoolean("server.turn.advertise-udp")
                ? List.of(new IceServer(List.of(turns), secret)) : List.of(new IceServer(uris, secret));
        return new TurnServers(advertised, server, shared);
    }

    /** The configured relay host, else the public host when it is an IP address, else loopback. */
    private static String relayHost(TurnSettings turn, ServerSettings settings) {
        if (!turn.relayHost().isBlank()) {
            return turn.relayHost();
        }
        String host = settings.publicHost();
        return host.matches("[0-9.]+") || host.contains(":") ? host : LOOPBACK;
    }

    private static String uriHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** What GetIceServerConfig hands to participants. */
    List<IceServer> advertised() {
        return advertised;
    }

    /**
     * Where the storage session's relayed address for each participant comes from: an in-process slot of the
     * embedded server, or an allocation on the first outside server that grants one (its host resolved on a small
     * pool of daemon threads that exist only while DNS lookups run).
     */
    RelayOpener sessionRelays(Config config, Clock clock) {
        if (embedded != null) {
            return new EmbeddedRelays(embedded);
        }
        ThreadPoolExecutor resolver = new ThreadPoolExecutor(RESOLVER_THREADS, RESOLVER_THREADS, RESOLVER_IDLE_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "turn-resolver");
                    t.setDaemon(true);
                    return t;
                });
        resolver.allowCoreThreadTimeOut(true);
        return new ExternalRelays(RelayServer.fromAdvertised(advertised), new TurnClients(
                TurnClientSettings.from(config), "turn-client"), config.getDuration("storage-session.ice.credential-ttl"),
                clock, resolver);
    }

    /** The embedded server's port, or 0 when it does not run. */
    int embeddedPort() {
        return embedded == null ? 0 : embedded.port();
    }

    /** The embedded server's TURN-over-TLS port (the HTTPS port when shared), or 0 when it has none. */
    int tlsPort() {
        return embedded == null ? 0 : embedded.tlsPort();
    }

    /** True when the embedded server binds the HTTPS port and pipes its HTTPS to the HTTP listener. */
    boolean sharesHttps() {
        return sharesHttps;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
