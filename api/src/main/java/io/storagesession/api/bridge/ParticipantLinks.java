package io.storagesession.api.bridge;

/**
 * The signaling hub as the storage session sees it: a way to reach a participant's WebSocket. Implemented by the
 * hub; safe to call from any thread (delivery happens on the connection's event loop).
 */
public interface ParticipantLinks {
    /** Sends a frame to the participant; false when it has no open signaling connection. */
    boolean send(ParticipantAddress to, OutboundMessage message);

    /** True while the participant has an open signaling connection. */
    boolean isConnected(ParticipantAddress participant);
}
