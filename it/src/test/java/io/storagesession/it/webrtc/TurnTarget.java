package io.storagesession.it.webrtc;

import java.time.Duration;
import java.time.Instant;

/**
 * A running TURN server as a WebRTC peer sees it: where it listens (UDP) and the realm and shared secret from which
 * REST credentials are derived. Tests only ever talk to a TURN server through this, so coturn and the embedded server
 * are interchangeable.
 */
public record TurnTarget(String host, int port, String realm, String secret) {

    /** The ICE server URL a browser or libwebrtc is given. */
    public String url() {
        return "turn:" + host + ":" + port + "?transport=udp";
    }

    /** Credentials for {@code user}, valid for the next ten minutes. */
    public TurnCredentials credentials(String user) {
        return TurnCredentials.rest(secret, user, Instant.now().plus(Duration.ofMinutes(10)));
    }
}
