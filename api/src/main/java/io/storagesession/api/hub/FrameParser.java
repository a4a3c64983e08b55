package io.storagesession.api.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates client frames as KVS accepts them (KVS-WIRE.md §2 "Client → server frames"):
 * <ul>
 *   <li>keys are matched case-insensitively, because the JS SDK sends camelCase ({@code messagePayload}) and the
 *       C SDK PascalCase ({@code MessagePayload}); unknown keys (the C SDK's {@code IceServerList}) are ignored;</li>
 *   <li>{@code action} is one of SDP_OFFER, SDP_ANSWER, ICE_CANDIDATE;</li>
 *   <li>{@code messagePayload} is base64 of a JSON object of at most the configured size (AWS: 10 KB).</li>
 * </ul>
 * Parsing ({@link #parse}) and payload validation ({@link #checkPayload}) are separate so that the quota can be
 * charged in between, before the costlier decoding.
 */
final class FrameParser {
    static final String SDP_OFFER = "SDP_OFFER";
    static final String SDP_ANSWER = "SDP_ANSWER";
    static final String ICE_CANDIDATE = "ICE_CANDIDATE";
    private static final Set<String> ACTIONS = Set.of(SDP_OFFER, SDP_ANSWER, ICE_CANDIDATE);

    /** The JS SDK's own bound on correlation ids ({@code [a-zA-Z0-9_.-]{1,256}}); longer ones are not echoed. */
    static final int MAX_CORRELATION_ID_LENGTH = 256;

    private static final String KEY_ACTION = "action";
    private static final String KEY_RECIPIENT = "recipientclientid";
    private static final String KEY_PAYLOAD = "messagepayload";
    private static final String KEY_CORRELATION = "correlationid";
    private static final int BASE64_GROUP_CHARS = 4;
    private static final int BASE64_GROUP_BYTES = 3;

    private final int maxPayloadBytes;
    private final int maxEncodedChars;

    FrameParser(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxEncodedChars = (maxPayloadBytes + BASE64_GROUP_BYTES - 1) / BASE64_GROUP_BYTES * BASE64_GROUP_CHARS;
    }

    /** Reads a frame's fields; throws {@link FrameRejection} for invalid JSON, wrong field types or an unknown action. */
    ClientFrame parse(String text) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new FrameRejection(DropReason.INVALID_JSON, null, "The message is not a JSON object");
        }
        String action = null;
        String recipient = null;
        String payload = null;
        String correlationId = null;
        boolean badField = false;
        for (Map.Entry<String, Object> field : json) {
            String key = field.getKey().toLowerCase(Locale.ROOT);
            Object value = field.getValue();
            switch (key) {
                case KEY_CORRELATION -> {
                    if (value instanceof String || value instanceof Number) {
                        correlationId = emptyToNull(value.toString());
                    } else {
                        badField |= value != null;
                    }
                }
                case KEY_ACTION -> {
                    action = stringOrNull(value);
                    badField |= value != null && action == null;
                }
                case KEY_RECIPIENT -> {
                    recipient = emptyToNull(stringOrNull(value));
                    badField |= value != null && !(value instanceof String);
                }
                case KEY_PAYLOAD -> {
                    payload = stringOrNull(value);
                    badField |= value != null && payload == null;
                }
                default -> {
                    // Unknown keys are ignored, as KVS ignores them.
                }
            }
        }
        if (correlationId != null && correlationId.length() > MAX_CORRELATION_ID_LENGTH) {
            throw new FrameRejection(DropReason.INVALID_FRAME, null, "correlationId is longer than "
                    + MAX_CORRELATION_ID_LENGTH + " characters");
        }
        if (badField) {
            throw new FrameRejection(DropReason.INVALID_FRAME, correlationId,
                    "action, recipientClientId, messagePayload and correlationId must be strings");
        }
        if (action == null || !ACTIONS.contains(action)) {
            throw new FrameRejection(DropReason.UNKNOWN_ACTION, correlationId,
                    "action must be SDP_OFFER, SDP_ANSWER or ICE_CANDIDATE");
        }
        return new ClientFrame(action, recipient, payload, correlationId);
    }

    /** Checks that the payload is base64 of a JSON object no larger than the configured limit. */
    void checkPayload(ClientFrame frame) {
        String payload = frame.messagePayload();
        if (payload == null || payload.isEmpty()) {
            throw new FrameRejection(DropReason.INVALID_PAYLOAD, frame.correlationId(), "messagePayload is required");
        }
        if (payload.length() > maxEncodedChars) {
            throw tooLarge(frame);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new FrameRejection(DropReason.INVALID_PAYLOAD, frame.correlationId(), "messagePayload is not base64");
        }
        if (decoded.length > maxPayloadBytes) {
            throw tooLarge(frame);
        }
        try {
            new JsonObject(Buffer.buffer(decoded));
        } catch (DecodeException | ClassCastException e) {
            throw new FrameRejection(DropReason.INVALID_PAYLOAD, frame.correlationId(),
                    "messagePayload is not base64 of a JSON object");
        }
    }

    private FrameRejection tooLarge(ClientFrame frame) {
        return new FrameRejection(DropReason.PAYLOAD_TOO_LARGE, frame.correlationId(),
                "messagePayload is larger than " + maxPayloadBytes + " bytes");
    }

    private static String stringOrNull(Object value) {
        return value instanceof String s ? s : null;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
