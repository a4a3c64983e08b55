package io.storagesession.session;

import io.storagesession.signaling.bridge.OutboundMessage;
import io.storagesession.signaling.bridge.ParticipantAddress;
import io.storagesession.signaling.bridge.ParticipantLinks;
import io.storagesession.signaling.bridge.StatusResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The storage session's messages to a participant (KVS-WIRE.md §2 "Server → client frames"): SDP_OFFER and
 * ICE_CANDIDATE with a base64 JSON payload and no senderClientId, and STATUS_RESPONSE 400 only when the participant's
 * message carried a correlationId.
 */
final class Signaling {
    static final int BAD_REQUEST = 400;
    static final String INVALID_ARGUMENT = "InvalidArgumentException";

    private final ParticipantLinks links;

    Signaling(ParticipantLinks links) {
        this.links = links;
    }

    boolean offer(ParticipantAddress to, String offerJson) {
        return links.send(to, OutboundMessage.fromStorageSession("SDP_OFFER", encode(offerJson)));
    }

    boolean candidate(ParticipantAddress to, String candidateJson) {
        return links.send(to, OutboundMessage.fromStorageSession("ICE_CANDIDATE", encode(candidateJson)));
    }

    /** STATUS_RESPONSE 400 InvalidArgumentException with {@code description}, when a correlationId came. */
    void refuse(ParticipantAddress to, String correlationId, String description) {
        if (correlationId != null && !correlationId.isEmpty()) {
            links.send(to, OutboundMessage.status(new StatusResponse(correlationId, INVALID_ARGUMENT, BAD_REQUEST,
                    description)));
        }
    }

    static String encode(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON inside a messagePayload; IllegalArgumentException when it is not base64 of UTF-8 text. */
    static String decode(String payload) {
        if (payload == null || payload.isEmpty()) {
            throw new IllegalArgumentException("the message has no messagePayload");
        }
        return new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
    }
}
