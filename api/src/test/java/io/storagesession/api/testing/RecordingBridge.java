package io.storagesession.api.testing;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A storage session that only records what the hub hands it. Thread-safe. */
public final class RecordingBridge implements StorageSessionBridge {
    /** One frame handed to the storage session. */
    public record Received(ParticipantAddress from, InboundMessage message) {
    }

    public final List<Received> messages = new CopyOnWriteArrayList<>();
    public final List<ParticipantAddress> disconnected = new CopyOnWriteArrayList<>();
    public final List<StorageJoin> joins = new CopyOnWriteArrayList<>();

    @Override
    public Future<Void> join(StorageJoin join) {
        joins.add(join);
        return Future.succeededFuture();
    }

    @Override
    public void onMessage(ParticipantAddress from, InboundMessage message) {
        messages.add(new Received(from, message));
    }

    @Override
    public void onDisconnected(ParticipantAddress participant) {
        disconnected.add(participant);
    }
}
