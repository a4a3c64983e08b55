package io.storagesession.it.webrtc;

import com.typesafe.config.ConfigFactory;
import io.storagesession.turn.TurnServer;
import io.storagesession.turn.TurnSettings;
import io.storagesession.turn.TurnStats;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The project's embedded TURN server (module {@code turn}) as a relay-test target: started in this JVM on a free
 * loopback port with a fresh realm and secret, and the same relay-port discipline as {@link Coturn}.
 */
final class EmbeddedTurn {
    private static final int RELAY_PORTS = 100;
    private static final int RELAY_THREADS = 2;

    private EmbeddedTurn() {
    }

    static TurnServerUnderTest start() throws Exception {
        InetAddress host = InetAddress.getByName("127.0.0.1");
        int relayMin = FreePorts.relayBlock(RELAY_PORTS);
        String realm = "embedded-" + UUID.randomUUID();
        String secret = UUID.randomUUID().toString();
        TurnSettings settings = TurnSettings.from(ConfigFactory.parseMap(Map.of(
                "turn.listen-host", host.getHostAddress(), "turn.port", FreePorts.listeningPort(host),
                "turn.realm", realm, "turn.threads", RELAY_THREADS, "turn.relay-port-min", relayMin,
                "turn.relay-port-max", relayMin + RELAY_PORTS - 1, "turn.tls.port", -1))
                .withFallback(ConfigFactory.defaultReference()).resolve());
        TurnServer server = TurnServer.start(settings, secret, host, TurnStats.NONE, Clock.systemUTC());
        return TurnServerUnderTest.of(new TurnTarget(host.getHostAddress(), server.port(), realm, secret), server::close);
    }
}
