package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.SimulatedPeer;
import io.storagesession.bench.session.sdp.CandidateLine;
import io.storagesession.bench.session.sdp.Offer;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A participant's signaling WebSocket (KVS-WIRE.md §2), as the KVS SDKs use it with a storage session: the server's
 * SDP_OFFER is answered with SDP_ANSWER (with a correlationId, so a refusal comes back as STATUS_RESPONSE) followed by
 * our one relay candidate; the server's trickled ICE_CANDIDATEs go to the participant's TURN relay. Messages from the
 * storage session carry no senderClientId, and ours name no recipient (the master's empty recipient means "the
 * storage session"). Runs on a Vert.x event loop.
 */
final class SignalingLink {
    private static final String CANDIDATE_MID = "0";
    private static final int CANDIDATE_MLINE_INDEX = 0;

    private final SimulatedPeer peer;
    private final AtomicLong correlation = new AtomicLong(System.currentTimeMillis());
    private volatile WebSocket socket;
    private volatile String statusResponse;
    private volatile long offers;

    SignalingLink(SimulatedPeer peer) {
        this.peer = peer;
    }

    Future<WebSocket> connect(WebSocketClient client, URI presigned) {
        return client.connect(new WebSocketConnectOptions().setAbsoluteURI(presigned.toString())).onSuccess(ws -> {
            socket = ws;
            ws.textMessageHandler(this::frame);
        });
    }

    private void frame(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            return;
        }
        String type = frame.getString("messageType", "");
        switch (type) {
            case "SDP_OFFER" -> offer(payload(frame));
            case "ICE_CANDIDATE" -> candidate(payload(frame));
            case "STATUS_RESPONSE" -> statusResponse = frame.encode();
            default -> {
            }
        }
    }

    private void offer(JsonObject payload) {
        if (payload == null) {
            return;
        }
        Offer offer;
        try {
            offer = Offer.parse(payload.getString("sdp"));
        } catch (RuntimeException e) {
            statusResponse = "unanswerable offer: " + e.getMessage();
            return;
        }
        offers++;
        String answer = peer.answer(offer);
        send("SDP_ANSWER", new JsonObject().put("type", "answer").put("sdp", answer));
        send("ICE_CANDIDATE", new JsonObject().put("candidate", peer.candidate()).put("sdpMid", CANDIDATE_MID)
                .put("sdpMLineIndex", CANDIDATE_MLINE_INDEX));
    }

    private void candidate(JsonObject payload) {
        InetSocketAddress address = payload == null ? null : relayAddress(payload.getString("candidate"));
        if (address != null) {
            peer.remoteCandidate(address);
        }
    }

    /** The address of a UDP candidate attribute ({@code candidate:…}), or null for anything else. */
    static InetSocketAddress relayAddress(String candidate) {
        return CandidateLine.udpAddress(candidate);
    }

    private static JsonObject payload(JsonObject frame) {
        String base64 = frame.getString("messagePayload");
        if (base64 == null) {
            return null;
        }
        try {
            return new JsonObject(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void send(String action, JsonObject payload) {
        String encoded = Base64.getEncoder().encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
        socket.writeTextMessage(new JsonObject().put("action", action).put("messagePayload", encoded)
                .put("correlationId", Long.toString(correlation.incrementAndGet())).encode());
    }

    /** The last STATUS_RESPONSE (a refusal) or unanswerable offer, or null. */
    String problem() {
        return statusResponse;
    }

    long offers() {
        return offers;
    }

    Future<Void> close() {
        WebSocket ws = socket;
        return ws == null ? Future.succeededFuture() : ws.close();
    }
}
