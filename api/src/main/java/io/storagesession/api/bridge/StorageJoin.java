package io.storagesession.api.bridge;

/**
 * A validated JoinStorageSession (role MASTER) or JoinStorageSessionAsViewer (role VIEWER) handed to the storage
 * session: the channel, the stream its media storage is mapped to, and the participant that asked.
 */
public record StorageJoin(ParticipantAddress participant, String channelName, String streamArn) {
}
