package io.storagesession.api.bridge;

import io.vertx.core.Future;

/**
 * The seam between signaling and the storage session (ARCHITECTURE.md: the signaling bridge "talks to sessions through
 * an interface"). The storage API hands it validated joins; the hub hands it every frame that a participant of a
 * storage-enabled channel sends, and tells it when a participant's connection closes. The storage session answers
 * through {@link ParticipantLinks}.
 *
 * <p>Implementations must not block the caller (an event loop) and must be safe to call from any thread.
 */
public interface StorageSessionBridge {
    /**
     * Accepts a join. Completes when the session has taken it (the offer follows asynchronously on the participant's
     * WebSocket); fails with an {@link io.storagesession.api.http.ApiException} such as
     * {@code ClientLimitExceededException} when the session refuses it.
     */
    Future<Void> join(StorageJoin join);

    /** A frame from a participant of a storage-enabled channel, addressed to the storage session. */
    void onMessage(ParticipantAddress from, InboundMessage message);

    /** The participant's signaling connection closed (or was replaced by a newer one). */
    void onDisconnected(ParticipantAddress participant);
}
