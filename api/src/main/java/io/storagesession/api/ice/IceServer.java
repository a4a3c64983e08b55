package io.storagesession.api.ice;

import java.util.List;

/**
 * One ICE server GetIceServerConfig advertises: each becomes one entry of the answer's {@code IceServerList}
 * (KVS's {@code IceServer}: {@code Uris}, {@code Username}, {@code Password}, {@code Ttl}; KVS-WIRE.md §1). Held
 * here are its URIs (e.g. {@code turn:host:3478?transport=udp}) and the shared secret of the TURN REST API convention
 * that the TURN server verifies credentials with (coturn's {@code --static-auth-secret}, or the embedded TURN
 * server's secret); the username and password of each entry are minted from it per call.
 */
public record IceServer(List<String> uris, String sharedSecret) {
    public IceServer {
        uris = List.copyOf(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException(
                    "a TURN server needs at least one URI (the C SDK rejects an entry without)");
        }
        if (sharedSecret == null || sharedSecret.isEmpty()) {
            throw new IllegalArgumentException("a TURN server needs a shared secret");
        }
    }

    @Override
    public String toString() {
        return "IceServer" + uris;
    }
}
