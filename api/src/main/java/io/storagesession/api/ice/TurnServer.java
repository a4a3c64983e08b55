package io.storagesession.api.ice;

import java.util.List;

/**
 * A TURN server whose credentials GetIceServerConfig hands out: its URIs (e.g.
 * {@code turn:host:3478?transport=udp}) and the shared secret of the TURN REST API convention that it verifies
 * credentials with (coturn's {@code --static-auth-secret}, or the embedded TURN server's secret).
 */
public record TurnServer(List<String> uris, String sharedSecret) {
    public TurnServer {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("a TURN server needs at least one URI (the C SDK rejects an entry without)");
        }
        if (sharedSecret == null || sharedSecret.isEmpty()) {
            throw new IllegalArgumentException("a TURN server needs a shared secret");
        }
    }

    @Override
    public String toString() {
        return "TurnServer" + uris;
    }
}
