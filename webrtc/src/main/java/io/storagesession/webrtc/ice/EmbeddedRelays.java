package io.storagesession.webrtc.ice;

import io.storagesession.turn.RelayReceiver;
import io.storagesession.turn.RelayTransport;
import io.storagesession.turn.TurnServer;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Relayed addresses on the embedded TURN server, held in-process ({@link TurnServer#openLocal}): the participant's
 * allocation relays to a socket in the same relay loops, which hands datagrams straight to the session — no TURN
 * client, no host socket, no ChannelData, no reader thread. Opening is one bind, so it completes at once.
 */
public final class EmbeddedRelays implements RelayOpener {
    private final TurnServer server;

    public EmbeddedRelays(TurnServer server) {
        this.server = server;
    }

    @Override
    public CompletableFuture<RelayTransport> open(String channelName, String user, RelayReceiver receiver) {
        try {
            return CompletableFuture.completedFuture(server.openLocal(channelName, receiver));
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
