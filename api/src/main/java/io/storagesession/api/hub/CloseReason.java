package io.storagesession.api.hub;

/**
 * Why the hub closes a signaling connection, with the WebSocket close code (RFC 6455 §7.4.1) it sends. KVS clients
 * reconnect on any close; the codes only help a person reading logs or packet captures.
 */
enum CloseReason {
    /** A newer connection of the same participant took over (one master per channel, one connection per ClientId). */
    REPLACED("replaced", (short) 1000, "replaced by a newer connection"),
    /** No frame and no ping for the idle timeout (AWS: 10 minutes). */
    IDLE("idle", (short) 1000, "idle timeout"),
    /** The GO_AWAY grace after the maximum connection duration ran out (AWS: 1 hour + 1 minute). */
    MAX_DURATION("max_duration", (short) 1000, "maximum connection duration"),
    /** The client does not read what it is sent, so its write queue filled. */
    SLOW_CONSUMER("slow_consumer", (short) 1008, "not reading"),
    /** A frame, or a text message, larger than the configured maximum. */
    MESSAGE_TOO_BIG("message_too_big", (short) 1009, "message too big"),
    /** A frame the WebSocket decoder could not accept (masking, reserved bits, opcodes: RFC 6455 §5). */
    PROTOCOL_ERROR("protocol_error", (short) 1002, "protocol error"),
    /** The channel was deleted while the participant was connected. */
    CHANNEL_GONE("channel_gone", (short) 1000, "channel deleted"),
    /** A race with another connect left no viewer slot after the upgrade. */
    LIMIT_EXCEEDED("limit_exceeded", (short) 1008, "ClientLimitExceededException"),
    /** The hub is shutting down. */
    SHUTDOWN("shutdown", (short) 1001, "server shutting down");

    private final String label;
    private final short code;
    private final String text;

    CloseReason(String label, short code, String text) {
        this.label = label;
        this.code = code;
        this.text = text;
    }

    String label() {
        return label;
    }

    short code() {
        return code;
    }

    String text() {
        return text;
    }
}
