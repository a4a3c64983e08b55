package io.storagesession.webrtc;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.ParticipantLinks;
import io.storagesession.api.bridge.StatusResponse;
import io.storagesession.api.http.RefusalLog;
import io.storagesession.api.registry.Arns;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.slf4j.event.Level;

/**
 * The storage session's messages to a participant (KVS-WIRE.md §2 "Server → client frames"): SDP_OFFER and
 * ICE_CANDIDATE with a base64 JSON payload and no senderClientId, and STATUS_RESPONSE 400 only when the participant's
 * message carried a correlationId.
 *
 * <p>Whatever the session refuses or ignores of a participant's messages is also logged, with the channel, the
 * participant, the reason and the STATUS_RESPONSE sent (or why none was) — once per participant and reason
 * ({@link RefusalLog}) — because a participant whose client does not print STATUS_RESPONSE otherwise fails silently.
 */
final class Signaling {
    static final int BAD_REQUEST = 400;
    static final String INVALID_ARGUMENT = "InvalidArgumentException";

    private final ParticipantLinks links;
    private final RefusalLog refusals;

    Signaling(ParticipantLinks links, RefusalLog refusals) {
        this.links = links;
        this.refusals = refusals;
    }

    boolean offer(ParticipantAddress to, String offerJson) {
        return links.send(to, OutboundMessage.fromStorageSession("SDP_OFFER", encode(offerJson)));
    }

    boolean candidate(ParticipantAddress to, String candidateJson) {
        return links.send(to, OutboundMessage.fromStorageSession("ICE_CANDIDATE", encode(candidateJson)));
    }

    /**
     * Refuses a participant's message: STATUS_RESPONSE 400 InvalidArgumentException with {@code description}, when a
     * correlationId came, and a log line at {@code level}.
     *
     * @param reason a fixed phrase naming the kind of refusal (e.g. "answer refused"); the log's once-per-reason key
     */
    void refuse(ParticipantAddress to, String correlationId, Level level, String reason, String description) {
        boolean correlated = correlationId != null && !correlationId.isEmpty();
        if (correlated) {
            links.send(to, OutboundMessage.status(new StatusResponse(correlationId, INVALID_ARGUMENT, BAD_REQUEST,
                    description)));
        }
        refusals.refused(level, channelName(to), RefusalLog.participant(to.clientId()), reason, () -> description
                + (correlated ? "; sent STATUS_RESPONSE " + INVALID_ARGUMENT + " for correlationId " + correlationId
                : "; no STATUS_RESPONSE (the message had no correlationId)"));
    }

    /** Logs something of the participant's that the session ignores without answering (e.g. a TCP candidate). */
    void ignored(ParticipantAddress from, String reason, Supplier<String> detail) {
        refusals.refused(Level.INFO, channelName(from), RefusalLog.participant(from.clientId()), reason, detail);
    }

    /** The channel's name from its ARN, as the other log lines of a session name it. */
    private static String channelName(ParticipantAddress participant) {
        return Arns.parse(participant.channelArn()).map(Arns.Parsed::name).orElse(participant.channelArn());
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
