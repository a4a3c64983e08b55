package io.storagesession.server;

import com.typesafe.config.Config;
import io.storagesession.signaling.ice.IceSettings;
import io.storagesession.signaling.ice.TurnServer;
import io.storagesession.signaling.metrics.Metrics;
import io.storagesession.turn.TurnSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The TURN servers GetIceServerConfig advertises, and the embedded one when it runs. With
 * {@code signaling.ice.external-servers} set (coturn with {@code --use-auth-secret}), those are advertised and nothing
 * is started; otherwise the embedded server starts on {@code --turn-port} with the secret of
 * {@code server.turn.secret} (or one generated into the data dir) and is advertised over UDP and TCP, and over TLS
 * ({@code turns:}) when {@code turn.tls.port} is set — with the server's own certificate unless another is given.
 */
final class TurnServers implements AutoCloseable {
    static final String SECRET_FILE = "turn-secret";
    private static final int SECRET_LENGTH = 32;
    private static final String LOOPBACK = "127.0.0.1";

    private final List<TurnServer> advertised;
    private final io.storagesession.turn.TurnServer embedded;

    private TurnServers(List<TurnServer> advertised, io.storagesession.turn.TurnServer embedded) {
        this.advertised = advertised;
        this.embedded = embedded;
    }

    static TurnServers start(Config config, ServerSettings settings, DataDir dataDir, Metrics metrics, Clock clock)
            throws IOException {
        List<TurnServer> external = IceSettings.externalServers(config);
        TurnSettings turn = TurnSettings.from(config);
        if (!external.isEmpty() || !turn.enabled()) {
            return new TurnServers(external, null);
        }
        String secret = config.getString("server.turn.secret");
        if (secret.isEmpty()) {
            secret = dataDir.secret(SECRET_FILE, SECRET_LENGTH);
        }
        if (turn.tlsPort() >= 0 && turn.tlsCertificate().isBlank()) {
            TlsCertificate.KeyAndCertificate own = TlsCertificate.ensure(dataDir, settings.publicHost());
            turn = turn.withTlsFiles(own.certificate().toString(), own.privateKey().toString());
        }
        InetAddress relay = InetAddress.getByName(relayHost(turn, settings));
        io.storagesession.turn.TurnServer server = io.storagesession.turn.TurnServer.start(turn, secret, relay,
                new TurnMetrics(metrics), clock);
        String host = uriHost(settings.publicHost());
        List<String> uris = new ArrayList<>(List.of("turn:" + host + ":" + server.port() + "?transport=udp",
                "turn:" + host + ":" + server.port() + "?transport=tcp"));
        if (server.tlsPort() > 0) {
            uris.add("turns:" + host + ":" + server.tlsPort() + "?transport=tcp");
        }
        return new TurnServers(List.of(new TurnServer(uris, secret)), server);
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

    List<TurnServer> advertised() {
        return advertised;
    }

    /** The embedded server's port, or 0 when it does not run. */
    int embeddedPort() {
        return embedded == null ? 0 : embedded.port();
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
