package io.storagesession.api.hub;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Client frames as the JS SDK (camelCase) and the C SDK (PascalCase) write them (KVS-WIRE.md §2). */
final class Frames {
    static final String OFFER_SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    private Frames() {
    }

    static String base64(JsonObject json) {
        return Base64.getEncoder().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    static String sdp(String type) {
        return base64(new JsonObject().put("type", type).put("sdp", OFFER_SDP));
    }

    static String candidate(int n) {
        return base64(new JsonObject().put("candidate", "candidate:" + n + " 1 udp 2122260223 192.0.2.1 " + (50000 + n)
                + " typ srflx raddr 0.0.0.0 rport 0").put("sdpMid", "0").put("sdpMLineIndex", 0));
    }

    /** A JS SDK frame; null fields are left out, as JSON.stringify leaves out undefined. */
    static JsonObject js(String action, String recipient, String payload, String correlationId) {
        JsonObject frame = new JsonObject().put("action", action);
        if (recipient != null) {
            frame.put("recipientClientId", recipient);
        }
        frame.put("messagePayload", payload);
        if (correlationId != null) {
            frame.put("correlationId", correlationId);
        }
        return frame;
    }

    /** A C SDK frame: PascalCase keys, an empty RecipientClientId when it has none, and an IceServerList. */
    static JsonObject c(String action, String recipient, String payload, String correlationId) {
        JsonObject frame = new JsonObject().put("Action", action).put("RecipientClientId", recipient == null ? "" : recipient)
                .put("MessagePayload", payload);
        if (correlationId != null) {
            frame.put("CorrelationId", correlationId);
        }
        return frame.put("IceServerList", new io.vertx.core.json.JsonArray());
    }
}
