package io.storagesession.api.storage;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.http.ApiException;
import io.vertx.core.Future;

/**
 * The bridge used while a build has no webrtc module wired in: every join fails with an honest 503
 * {@code ServiceUnavailableException} (rather than a 200 that would leave clients waiting for an offer that never
 * comes), and participants' frames to the storage session are dropped.
 */
public final class NoStorageSessions implements StorageSessionBridge {
    @Override
    public Future<Void> join(StorageJoin join) {
        return Future.failedFuture(new ApiException(503, "ServiceUnavailableException",
                "This server has no storage-session engine; media ingestion is not available."));
    }

    @Override
    public void onMessage(ParticipantAddress from, InboundMessage message) {
        // Nothing is listening: frames addressed to the storage session have no one to go to.
    }

    @Override
    public void onDisconnected(ParticipantAddress participant) {
        // No session state to release.
    }
}
