package io.storagesession.api.bridge;

/**
 * A participant's signaling frame after parsing (KVS-WIRE.md §2 "Client → server frames"): the action
 * ({@code SDP_OFFER}, {@code SDP_ANSWER} or {@code ICE_CANDIDATE}), the recipient (null or empty means the storage
 * session when storage is enabled), the base64 payload as sent, and the optional correlation id.
 */
public record InboundMessage(String action, String recipientClientId, String messagePayload, String correlationId) {
}
