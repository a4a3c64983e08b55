package io.storagesession.webrtc.sdp;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** Bounded decoding of the JSON inside a signaling frame's {@code messagePayload} (KVS-WIRE.md §2). */
final class JsonPayload {
    private JsonPayload() {
    }

    /** The payload as a JSON object, or an SdpException naming {@code what} it should have been. */
    static JsonObject decode(String json, int maxChars, String what) throws SdpException {
        if (json == null || json.isBlank()) {
            throw new SdpException("the " + what + " is empty");
        }
        if (json.length() > maxChars) {
            throw new SdpException("the " + what + " is longer than " + maxChars + " characters");
        }
        Object value;
        try {
            value = Json.decodeValue(json);
        } catch (DecodeException e) {
            throw new SdpException("the " + what + " is not valid JSON");
        }
        if (!(value instanceof JsonObject object)) {
            throw new SdpException("the " + what + " must be a JSON object");
        }
        return object;
    }

    /** A string member, null when absent or JSON null; any other type is refused. */
    static String optionalString(JsonObject json, String key, String what) throws SdpException {
        Object value = json.getValue(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new SdpException("'" + key + "' in the " + what + " must be a string");
    }

    static String requiredString(JsonObject json, String key, String what) throws SdpException {
        String value = optionalString(json, key, what);
        if (value == null) {
            throw new SdpException("the " + what + " has no '" + key + "'");
        }
        return value;
    }
}
