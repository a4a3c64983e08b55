package io.storagesession.api.bridge;

/** A participant's role on a signaling channel (KVS {@code ChannelRole}). */
public enum Role {
    MASTER,
    VIEWER
}
