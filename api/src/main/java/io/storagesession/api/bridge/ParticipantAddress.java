package io.storagesession.api.bridge;

import java.util.Objects;

/**
 * Who a signaling message comes from or goes to: the master of a channel (no client id), or one of its viewers
 * (by the {@code X-Amz-ClientId} it connected with).
 */
public record ParticipantAddress(String channelArn, Role role, String clientId) {
    public ParticipantAddress {
        Objects.requireNonNull(channelArn, "channelArn");
        Objects.requireNonNull(role, "role");
        if (role == Role.VIEWER && (clientId == null || clientId.isEmpty())) {
            throw new IllegalArgumentException("a viewer needs a client id");
        }
        if (role == Role.MASTER) {
            clientId = null;
        }
    }

    public static ParticipantAddress master(String channelArn) {
        return new ParticipantAddress(channelArn, Role.MASTER, null);
    }

    public static ParticipantAddress viewer(String channelArn, String clientId) {
        return new ParticipantAddress(channelArn, Role.VIEWER, clientId);
    }
}
