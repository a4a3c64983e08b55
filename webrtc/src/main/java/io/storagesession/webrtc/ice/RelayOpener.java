package io.storagesession.webrtc.ice;

import io.storagesession.turn.RelayReceiver;
import io.storagesession.turn.RelayTransport;
import java.util.concurrent.CompletableFuture;

/**
 * Where the storage session gets its relayed address for each participant: a slot of the embedded TURN server
 * ({@link EmbeddedRelays}), or an allocation on an outside TURN server. Never blocks the caller.
 */
@FunctionalInterface
public interface RelayOpener {
    /**
     * Opens a relayed address for one participant of {@code channelName}; {@code user} names it in TURN quotas and
     * logs. The future fails with a message fit for the log when no relay can be had.
     */
    CompletableFuture<RelayTransport> open(String channelName, String user, RelayReceiver receiver);
}
