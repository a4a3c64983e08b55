package io.storagesession.api.hub;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.storagesession.api.bridge.StatusResponse;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.RefusalLog;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.ChannelLookup;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Decides where a participant's frame goes (KVS-WIRE.md §2). Runs on the sender's event loop.
 * <ul>
 *   <li>Every frame is parsed, charged to its quota (SDP 5/s, ICE 20/s) and its payload validated; a frame that
 *       fails is dropped, counted, and answered with a STATUS_RESPONSE only if it carried a correlationId.</li>
 *   <li>Channel with storage enabled — looked up on every frame, because storage may be enabled at any time: the
 *       frame goes to the storage session through {@link StorageSessionBridge#onMessage}.</li>
 *   <li>Channel without storage: peer-to-peer relay as KVS does it. A viewer's frame goes to the master with
 *       {@code senderClientId} = the viewer's ClientId; a master's frame goes to the viewer named by
 *       {@code recipientClientId} (required). A recipient not connected yet gets it on connecting, within the
 *       channel's MessageTtlSeconds.</li>
 * </ul>
 */
final class MessageRouter {
    private static final Logger LOG = LoggerFactory.getLogger(MessageRouter.class);
    /** KVS's default MessageTtlSeconds, used if a channel record carries none. */
    static final int DEFAULT_MESSAGE_TTL_SECONDS = 60;

    private final ChannelLookup channels;
    private final StorageSessionBridge bridge;
    private final FrameParser parser;
    private final HubMetrics metrics;
    private final Clock clock;
    private final RefusalLog refusals;

    MessageRouter(ChannelLookup channels, StorageSessionBridge bridge, FrameParser parser, HubMetrics metrics,
                  Clock clock, RefusalLog refusals) {
        this.channels = channels;
        this.bridge = bridge;
        this.parser = parser;
        this.metrics = metrics;
        this.clock = clock;
        this.refusals = refusals;
    }

    void onText(SignalingConnection from, String text) {
        if (from.room().connection(from.address()) != from) {
            return;
        }
        try {
            ClientFrame frame = parser.parse(text);
            if (!from.tryAcquireQuota(frame)) {
                throw new FrameRejection(DropReason.RATE_LIMITED, frame.correlationId(), frame.isSdp()
                        ? "More SDP messages per second than the quota allows"
                        : "More ICE candidates per second than the quota allows");
            }
            parser.checkPayload(frame);
            Optional<Channel> channel = channels.channelByArn(from.address().channelArn());
            if (channel.isEmpty()) {
                from.close(CloseReason.CHANNEL_GONE);
                return;
            }
            if (channel.get().ingestionEnabled()) {
                toStorageSession(from, frame);
            } else {
                relay(from, channel.get(), frame);
            }
        } catch (FrameRejection rejection) {
            reject(from, rejection);
        }
    }

    void onBinary(SignalingConnection from) {
        metrics.dropped(DropReason.BINARY_FRAME, 1);
    }

    private void toStorageSession(SignalingConnection from, ClientFrame frame) {
        try {
            bridge.onMessage(from.address(), frame.toInbound());
        } catch (RuntimeException e) {
            LOG.error("The storage session failed to take a message from {}", from, e);
            throw new FrameRejection(DropReason.INTERNAL_ERROR, frame.correlationId(), "internal error");
        }
        metrics.transferred(from.channelName(), 1);
    }

    private void relay(SignalingConnection from, Channel channel, ClientFrame frame) {
        ParticipantAddress to;
        OutboundMessage message;
        if (from.address().role() == Role.VIEWER) {
            to = ParticipantAddress.master(channel.arn());
            message = new OutboundMessage(frame.action(), from.address().clientId(), frame.messagePayload(), null);
        } else {
            String recipient = frame.recipientClientId();
            if (recipient == null) {
                throw new FrameRejection(DropReason.MISSING_RECIPIENT, frame.correlationId(),
                        "recipientClientId is required when the master sends on a channel without media storage");
            }
            if (!ConnectRequest.isValidClientId(recipient)) {
                throw new FrameRejection(DropReason.INVALID_RECIPIENT, frame.correlationId(),
                        "recipientClientId is not a valid client id");
            }
            to = ParticipantAddress.viewer(channel.arn(), recipient);
            message = new OutboundMessage(frame.action(), null, frame.messagePayload(), null);
        }
        int ttlSeconds = channel.messageTtlSeconds() > 0 ? channel.messageTtlSeconds() : DEFAULT_MESSAGE_TTL_SECONDS;
        long expiresAt = clock.millis() + TimeUnit.SECONDS.toMillis(ttlSeconds);
        switch (from.room().deliver(to, message, expiresAt)) {
            case DELIVERED -> metrics.transferred(from.channelName(), 1);
            case KEPT -> {
                // Counted as transferred when the recipient connects and receives it.
            }
            case FULL -> throw new FrameRejection(DropReason.PENDING_FULL, frame.correlationId(),
                    "Too many undelivered messages for a recipient that is not connected");
        }
    }

    /**
     * Drops the frame, counts it, answers STATUS_RESPONSE when it carried a correlationId (KVS-WIRE.md §2), and logs
     * why — once per participant and reason ({@link RefusalLog}), since a client over its quota repeats itself.
     */
    private void reject(SignalingConnection from, FrameRejection rejection) {
        metrics.dropped(rejection.reason(), 1);
        ApiException error = rejection.reason().error(rejection.getMessage());
        String correlationId = rejection.correlationId();
        if (correlationId != null) {
            from.send(OutboundMessage.status(new StatusResponse(correlationId, error.type(), error.status(),
                    error.getMessage())));
        }
        // every rejection's description is a fixed phrase, so it tells the reasons apart (SDP and ICE quotas too)
        refusals.refused(Level.INFO, from.channelName(), RefusalLog.participant(from.address().clientId()),
                "signaling frame dropped: " + rejection.getMessage(), () -> rejection.reason().label()
                        + (correlationId != null ? ", sent STATUS_RESPONSE " + error.type() + " for correlationId "
                        + correlationId : ", no STATUS_RESPONSE (the frame had no correlationId)"));
    }
}
