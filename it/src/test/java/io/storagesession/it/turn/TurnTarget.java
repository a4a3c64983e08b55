package io.storagesession.it.turn;

import io.storagesession.turn.RestCredentials;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A TURN server as the tests see it: where it listens (UDP and TCP may differ), its realm, and the shared secret from
 * which REST credentials are derived. Nothing here says which implementation it is beyond {@code name}, so every
 * test — protocol, load and WebRTC relay tests alike — runs the same against coturn and against the embedded server.
 */
public record TurnTarget(String name, String host, int udpPort, int tcpPort, String realm, String sharedSecret) {
    /** How long {@link #credentials(String)} stay valid: longer than any one test. */
    private static final Duration CREDENTIAL_LIFETIME = Duration.ofMinutes(10);
    /** Not the server's secret: a password derived from it is refused (401). */
    private static final String NOT_THE_SECRET = "not-the-secret";

    public InetSocketAddress udpAddress() {
        return new InetSocketAddress(host, udpPort);
    }

    /** The ICE server URL a browser or libwebrtc is given (RFC 7065). */
    public String url() {
        return "turn:" + host + ":" + udpPort + "?transport=udp";
    }

    /** REST credentials for {@code user} valid for {@code validity} from now (negative: already expired). */
    public RestCredentials credentials(String user, Duration validity) {
        return RestCredentials.issue(sharedSecret, user, Instant.now().plus(validity));
    }

    /** REST credentials for {@code user}, valid for the next ten minutes. */
    public RestCredentials credentials(String user) {
        return credentials(user, CREDENTIAL_LIFETIME);
    }

    /** The same username with a password the server cannot have derived: every request must be refused (401). */
    public static RestCredentials withWrongPassword(RestCredentials valid) {
        return new RestCredentials(valid.username(), RestCredentials.passwordFor(NOT_THE_SECRET, valid.username()));
    }

    @Override
    public String toString() {
        return name + " at " + host + " udp " + udpPort + " tcp " + tcpPort + " realm " + realm;
    }
}
