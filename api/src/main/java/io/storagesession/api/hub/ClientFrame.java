package io.storagesession.api.hub;

import io.storagesession.api.bridge.InboundMessage;

/**
 * A parsed client frame (KVS-WIRE.md §2 "Client → server frames"). {@code recipientClientId} and
 * {@code correlationId} are null when absent or empty: the C SDK sends {@code "RecipientClientId": ""} to mean
 * "the storage session".
 */
record ClientFrame(String action, String recipientClientId, String messagePayload, String correlationId) {

    /** True for SDP_OFFER and SDP_ANSWER, which share the 5/s quota; false for ICE_CANDIDATE (20/s). */
    boolean isSdp() {
        return FrameParser.SDP_OFFER.equals(action) || FrameParser.SDP_ANSWER.equals(action);
    }

    InboundMessage toInbound() {
        return new InboundMessage(action, recipientClientId, messagePayload, correlationId);
    }
}
