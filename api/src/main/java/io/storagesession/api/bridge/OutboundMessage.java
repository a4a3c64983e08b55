package io.storagesession.api.bridge;

import io.vertx.core.json.JsonObject;

/**
 * A frame the server sends to a participant (KVS-WIRE.md §2 "Server → client frames"). Absent parts are left out of
 * the JSON entirely: messages from the storage session carry no {@code senderClientId}, and an empty
 * {@code messagePayload} is never sent (the C SDK's decoder overreads on {@code ""}).
 */
public record OutboundMessage(String messageType, String senderClientId, String messagePayload,
                              StatusResponse statusResponse) {

    public static OutboundMessage fromStorageSession(String messageType, String messagePayload) {
        return new OutboundMessage(messageType, null, messagePayload, null);
    }

    public static OutboundMessage status(StatusResponse status) {
        return new OutboundMessage("STATUS_RESPONSE", null, null, status);
    }

    public static OutboundMessage goAway() {
        return new OutboundMessage("GO_AWAY", null, null, null);
    }

    public static OutboundMessage reconnectIceServer() {
        return new OutboundMessage("RECONNECT_ICE_SERVER", null, null, null);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (senderClientId != null && !senderClientId.isEmpty()) {
            json.put("senderClientId", senderClientId);
        }
        json.put("messageType", messageType);
        if (messagePayload != null && !messagePayload.isEmpty()) {
            json.put("messagePayload", messagePayload);
        }
        if (statusResponse != null) {
            json.put("statusResponse", statusResponse.toJson());
        }
        return json;
    }
}
