package io.storagesession.webrtc.testing;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.ice.IceServer;
import io.storagesession.turn.TurnServer;
import io.storagesession.turn.TurnSettings;
import io.storagesession.turn.TurnStats;
import io.storagesession.webrtc.ice.RelayServer;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The project's embedded TURN server on a free loopback port with a random secret: the relay the session uses. */
public final class EmbeddedTurn implements AutoCloseable {
    public final String secret = "s" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    public final TurnServer server;

    public EmbeddedTurn() throws Exception {
        TurnSettings settings = TurnSettings.from(ConfigFactory.parseMap(Map.of("turn.port", 0,
                        "turn.listen-host", "127.0.0.1", "turn.threads", 1, "turn.relay-port-min", 33000,
                        "turn.relay-port-max", 36999, "turn.tls.port", -1))
                .withFallback(ConfigFactory.defaultReference()).resolve());
        server = TurnServer.start(settings, secret, InetAddress.getByName("127.0.0.1"),
                TurnStats.NONE, Clock.systemUTC());
    }

    /** As GetIceServerConfig advertises it. */
    public List<IceServer> advertised() {
        return List.of(new IceServer(List.of("turn:127.0.0.1:" + server.port() + "?transport=udp"), secret));
    }

    public List<RelayServer> relays() {
        return RelayServer.fromAdvertised(advertised());
    }

    @Override
    public void close() {
        server.close();
    }
}
