package io.storagesession.it.turn;

import com.typesafe.config.ConfigFactory;
import io.storagesession.turn.TurnServer;
import io.storagesession.turn.TurnSettings;
import io.storagesession.turn.TurnStats;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The project's embedded TURN server (module {@code turn}) as a target of the TURN tests: started in this JVM on a
 * free loopback port with a fresh realm and REST secret, relays from a block clear of other servers' ports
 * ({@link FreePorts}).
 */
final class EmbeddedTurnProcess implements RunningTurnServer {
    private static final int RELAY_PORTS = 1000;
    private static final int RELAY_THREADS = 2;

    private final TurnServer server;
    private final TurnTarget target;

    private EmbeddedTurnProcess(TurnServer server, TurnTarget target) {
        this.server = server;
        this.target = target;
    }

    static RunningTurnServer start() throws Exception {
        InetAddress host = InetAddress.getByName(FreePorts.LOOPBACK);
        int relayMin = FreePorts.relayBlock(RELAY_PORTS);
        String realm = "embedded-" + UUID.randomUUID();
        String secret = UUID.randomUUID().toString();
        TurnSettings settings = TurnSettings.from(ConfigFactory.parseMap(Map.of(
                "turn.listen-host", FreePorts.LOOPBACK, "turn.port", FreePorts.listeningPort(), "turn.realm", realm,
                "turn.threads", RELAY_THREADS, "turn.relay-port-min", relayMin,
                "turn.relay-port-max", relayMin + RELAY_PORTS - 1, "turn.tls.port", -1))
                .withFallback(ConfigFactory.defaultReference()).resolve());
        TurnServer server = TurnServer.start(settings, secret, host, TurnStats.NONE, Clock.systemUTC());
        return new EmbeddedTurnProcess(server, new TurnTarget("embedded", FreePorts.LOOPBACK, server.port(),
                server.port(), realm, secret));
    }

    @Override
    public TurnTarget target() {
        return target;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public String diagnostics() {
        return "embedded TURN server, " + server.allocationCount() + " allocations";
    }

    @Override
    public void close() {
        server.close();
    }
}
