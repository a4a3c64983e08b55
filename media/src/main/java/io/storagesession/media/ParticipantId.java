package io.storagesession.media;

/**
 * Which participant of a session a packet came from or goes to: the master, or a viewer by client id. A session has
 * one master (JoinStorageSession) and viewers told apart by the client id they connected with
 * (JoinStorageSessionAsViewer, KVS-WIRE.md), so the client id alone says which: the master has none.
 *
 * @param clientId the viewer's signaling client id; null for the master
 */
public record ParticipantId(String clientId) {
    public static final ParticipantId MASTER = new ParticipantId(null);

    public static ParticipantId viewer(String clientId) {
        if (clientId == null) {
            throw new IllegalArgumentException("a viewer has a client id");
        }
        return new ParticipantId(clientId);
    }

    public boolean isMaster() {
        return clientId == null;
    }

    @Override
    public String toString() {
        return isMaster() ? "master" : "viewer " + clientId;
    }
}
