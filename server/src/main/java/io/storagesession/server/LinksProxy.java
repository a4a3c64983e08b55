package io.storagesession.server;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.ParticipantLinks;

/**
 * Breaks the construction cycle between the hub (which needs the storage-session bridge) and the bridge (which
 * answers through the hub): the bridge is built with this proxy, which is pointed at the hub once it exists.
 */
final class LinksProxy implements ParticipantLinks {
    private volatile ParticipantLinks target;

    void target(ParticipantLinks links) {
        this.target = links;
    }

    @Override
    public boolean send(ParticipantAddress to, OutboundMessage message) {
        ParticipantLinks t = target;
        return t != null && t.send(to, message);
    }

    @Override
    public boolean isConnected(ParticipantAddress participant) {
        ParticipantLinks t = target;
        return t != null && t.isConnected(participant);
    }
}
