package io.storagesession.it;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.ParticipantLinks;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the storage session (the real one is its own module): on each join it sends an SDP offer to the
 * participant through the hub, as KVS's storage session does, and it records every frame it is handed.
 */
final class ScriptedStorageSessions implements StorageSessionBridge {
    static final String OFFER_SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n";

    final List<StorageJoin> joins = new CopyOnWriteArrayList<>();
    final List<Object[]> messages = new CopyOnWriteArrayList<>();
    final List<ParticipantAddress> disconnected = new CopyOnWriteArrayList<>();
    private final ParticipantLinks links;

    ScriptedStorageSessions(ParticipantLinks links) {
        this.links = links;
    }

    @Override
    public Future<Void> join(StorageJoin join) {
        joins.add(join);
        String offer = "{\"type\":\"offer\",\"sdp\":\"" + OFFER_SDP.replace("\r\n", "\\r\\n") + "\"}";
        links.send(join.participant(), OutboundMessage.fromStorageSession("SDP_OFFER",
                Base64.getEncoder().encodeToString(offer.getBytes(StandardCharsets.UTF_8))));
        return Future.succeededFuture();
    }

    @Override
    public void onMessage(ParticipantAddress from, InboundMessage message) {
        messages.add(new Object[] {from, message});
    }

    @Override
    public void onDisconnected(ParticipantAddress participant) {
        disconnected.add(participant);
    }
}
