package io.storagesession.api.hub;

/**
 * A frame the hub will not deliver, with the reason and the frame's correlationId (null when it had none or could not
 * be parsed), so the connection can count it and answer a STATUS_RESPONSE only when KVS would (KVS-WIRE.md §2).
 * Thrown on bad input, so it carries no stack trace.
 */
final class FrameRejection extends RuntimeException {
    private final DropReason reason;
    private final String correlationId;

    FrameRejection(DropReason reason, String correlationId, String description) {
        super(description, null, false, false);
        this.reason = reason;
        this.correlationId = correlationId;
    }

    DropReason reason() {
        return reason;
    }

    String correlationId() {
        return correlationId;
    }
}
