package io.storagesession.api.hub;

import io.storagesession.api.http.ApiException;

/**
 * Why the hub dropped a participant's frame: the label of {@code kvs_signaling_frames_dropped_total}, and the error
 * KVS reports for it in a STATUS_RESPONSE (sent only when the frame carried a correlationId, KVS-WIRE.md §2).
 */
enum DropReason {
    INVALID_JSON("invalid_json", Kind.INVALID),
    INVALID_FRAME("invalid_frame", Kind.INVALID),
    UNKNOWN_ACTION("unknown_action", Kind.INVALID),
    INVALID_PAYLOAD("invalid_payload", Kind.INVALID),
    PAYLOAD_TOO_LARGE("payload_too_large", Kind.INVALID),
    MISSING_RECIPIENT("missing_recipient", Kind.INVALID),
    INVALID_RECIPIENT("invalid_recipient", Kind.INVALID),
    BINARY_FRAME("binary_frame", Kind.INVALID),
    RATE_LIMITED("rate_limited", Kind.LIMIT),
    PENDING_FULL("pending_full", Kind.LIMIT),
    PENDING_EXPIRED("pending_expired", Kind.LIMIT),
    INTERNAL_ERROR("internal_error", Kind.INTERNAL);

    private enum Kind { INVALID, LIMIT, INTERNAL }

    private final String label;
    private final Kind kind;

    DropReason(String label, Kind kind) {
        this.label = label;
        this.kind = kind;
    }

    String label() {
        return label;
    }

    /**
     * The KVS error for a STATUS_RESPONSE: ClientLimitExceededException for quotas, InternalFailure (no detail) when
     * the hub itself failed, else InvalidArgumentException.
     */
    ApiException error(String description) {
        return switch (kind) {
            case INVALID -> ApiException.invalidArgument(description);
            case LIMIT -> ApiException.clientLimitExceeded(description);
            case INTERNAL -> ApiException.internal();
        };
    }
}
