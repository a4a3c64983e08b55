package io.storagesession.turn;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;

/** A TURN server on a free loopback port with a random secret, for tests; TLS only when given. */
final class TurnFixture implements AutoCloseable {
    final String secret = "s" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    final TurnServer server;
    final RecordingStats stats = new RecordingStats();

    TurnFixture(Map<String, Object> overrides, TurnTls tls) throws Exception {
        this(overrides, tls, Clock.systemUTC());
    }

    /** On {@code clock}: the time lifetimes, nonces and the bandwidth budget run on. */
    TurnFixture(Map<String, Object> overrides, TurnTls tls, Clock clock) throws Exception {
        TurnSettings settings = TurnSettings.from(ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.parseMap(Map.of("turn.port", 0, "turn.listen-host", "127.0.0.1",
                        "turn.threads", 2, "turn.relay-port-min", 40000, "turn.relay-port-max", 44999,
                        "turn.tls.port", -1)))
                .withFallback(ConfigFactory.defaultReference()).resolve());
        server = TurnServer.start(settings, secret, InetAddress.getByName("127.0.0.1"), stats, clock, tls);
    }

    TurnFixture(Map<String, Object> overrides) throws Exception {
        this(overrides, TurnTls.OFF);
    }

    TurnFixture() throws Exception {
        this(Map.of());
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
