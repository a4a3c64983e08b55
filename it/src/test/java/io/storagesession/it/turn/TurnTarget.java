package io.storagesession.it.turn;

import io.storagesession.bench.turn.RestCredentials;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A TURN server as the tests see it: where it listens (UDP and TCP may differ), its realm, and the shared secret from
 * which REST credentials are derived. Nothing here says which implementation it is beyond {@code name}, so every
 * test runs the same against coturn and against the embedded server.
 */
record TurnTarget(String name, String host, int udpPort, int tcpPort, String realm, String sharedSecret) {

    InetSocketAddress udpAddress() {
        return new InetSocketAddress(host, udpPort);
    }

    /** REST credentials for {@code user} valid for {@code validity} from now (negative: already expired). */
    RestCredentials credentials(String user, Duration validity) {
        return RestCredentials.of(sharedSecret, user, Instant.now().plus(validity));
    }

    @Override
    public String toString() {
        return name + " at " + host + " udp " + udpPort + " tcp " + tcpPort + " realm " + realm;
    }
}
