package io.storagesession.server;

import com.typesafe.config.Config;
import io.storagesession.signaling.ice.IceSettings;
import io.storagesession.signaling.ice.TurnServer;
import java.io.IOException;
import java.util.List;

/**
 * The TURN servers GetIceServerConfig advertises: the external ones when {@code signaling.ice.external-servers}
 * lists any (coturn with {@code --use-auth-secret}), else the embedded one on {@code server.turn.port} over UDP and
 * TCP, with the secret of {@code server.turn.secret} or, when empty, one generated into the data dir.
 */
final class TurnServers {
    static final String SECRET_FILE = "turn-secret";
    private static final int SECRET_LENGTH = 32;

    private TurnServers() {
    }

    static List<TurnServer> resolve(Config config, ServerSettings settings, DataDir dataDir) throws IOException {
        List<TurnServer> external = IceSettings.externalServers(config);
        if (!external.isEmpty()) {
            return external;
        }
        String secret = config.getString("server.turn.secret");
        if (secret.isEmpty()) {
            secret = dataDir.secret(SECRET_FILE, SECRET_LENGTH);
        }
        String hostPort = hostForUri(settings.publicHost()) + ":" + settings.turnPort();
        return List.of(new TurnServer(List.of("turn:" + hostPort + "?transport=udp", "turn:" + hostPort + "?transport=tcp"),
                secret));
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
