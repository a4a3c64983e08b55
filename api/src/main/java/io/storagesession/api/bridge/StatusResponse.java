package io.storagesession.api.bridge;

import io.vertx.core.json.JsonObject;

/**
 * The {@code statusResponse} of a STATUS_RESPONSE frame. KVS sends one only on failure and only when the client's
 * message carried a {@code correlationId}; {@code statusCode} is a string on the wire and {@code success} is false.
 */
public record StatusResponse(String correlationId, String errorType, int statusCode, String description) {
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("correlationId", correlationId).put("errorType", errorType)
                .put("statusCode", Integer.toString(statusCode));
        if (description != null) {
            json.put("description", description);
        }
        return json.put("success", false);
    }
}
