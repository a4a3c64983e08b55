package io.storagesession.session.media;

import io.storagesession.signaling.bridge.Role;

/** Which participant of a session a packet came from or goes to: the master, or a viewer by client id. */
public record ParticipantId(Role role, String clientId) {
    public static final ParticipantId MASTER = new ParticipantId(Role.MASTER, null);

    public static ParticipantId viewer(String clientId) {
        return new ParticipantId(Role.VIEWER, clientId);
    }

    public boolean isMaster() {
        return role == Role.MASTER;
    }

    @Override
    public String toString() {
        return role == Role.MASTER ? "master" : "viewer " + clientId;
    }
}
