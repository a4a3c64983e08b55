package io.storagesession.api.hub;

import com.typesafe.config.Config;
import io.storagesession.api.http.RefusalLogSettings;
import java.time.Duration;

/**
 * The hub's limits and timers, read from the {@code signaling.hub} block of the configuration (documented key by key
 * in {@code reference.conf}). The defaults there are the limits AWS documents for KVS signaling (KVS-WIRE.md §2):
 * one master and 10 viewers per channel, 3 connects/s per channel, SDP 5/s and ICE 20/s per connection, 10 KB
 * payloads, 10 min idle timeout, 1 h maximum connection duration and 1 min GO_AWAY grace.
 */
public record HubSettings(
        int maxViewersPerChannel,
        int connectsPerSecondPerChannel,
        int sdpMessagesPerSecond,
        int iceCandidatesPerSecond,
        int maxPayloadBytes,
        Duration idleTimeout,
        Duration maxConnectionDuration,
        Duration goAwayGrace,
        int pendingMessagesPerRecipient,
        int pendingRecipientsPerChannel,
        int maxRooms,
        int maxConnections,
        int maxFrameBytes,
        int maxMessageBytes,
        int writeQueueMaxBytes,
        Duration sweepInterval,
        RefusalLogSettings refusalLog) {

    /** The configuration path of the hub's block. */
    public static final String PATH = "signaling.hub";

    public HubSettings {
        positive("max-viewers-per-channel", maxViewersPerChannel);
        positive("connects-per-second-per-channel", connectsPerSecondPerChannel);
        positive("sdp-messages-per-second", sdpMessagesPerSecond);
        positive("ice-candidates-per-second", iceCandidatesPerSecond);
        positive("max-payload-bytes", maxPayloadBytes);
        positive("idle-timeout", idleTimeout);
        positive("max-connection-duration", maxConnectionDuration);
        positive("go-away-grace", goAwayGrace);
        positive("pending-messages-per-recipient", pendingMessagesPerRecipient);
        positive("pending-recipients-per-channel", pendingRecipientsPerChannel);
        positive("max-rooms", maxRooms);
        positive("max-connections", maxConnections);
        positive("max-frame-bytes", maxFrameBytes);
        positive("max-message-bytes", maxMessageBytes);
        positive("write-queue-max-bytes", writeQueueMaxBytes);
        positive("sweep-interval", sweepInterval);
        if (maxMessageBytes < maxFrameBytes) {
            throw new IllegalArgumentException(PATH + ".max-message-bytes must be at least max-frame-bytes");
        }
    }

    /** Reads the {@code signaling.hub} block of a full configuration (e.g. {@code ConfigFactory.load()}). */
    public static HubSettings from(Config root) {
        Config c = root.getConfig(PATH);
        return new HubSettings(
                c.getInt("max-viewers-per-channel"),
                c.getInt("connects-per-second-per-channel"),
                c.getInt("sdp-messages-per-second"),
                c.getInt("ice-candidates-per-second"),
                c.getInt("max-payload-bytes"),
                c.getDuration("idle-timeout"),
                c.getDuration("max-connection-duration"),
                c.getDuration("go-away-grace"),
                c.getInt("pending-messages-per-recipient"),
                c.getInt("pending-recipients-per-channel"),
                c.getInt("max-rooms"),
                c.getInt("max-connections"),
                c.getInt("max-frame-bytes"),
                c.getInt("max-message-bytes"),
                c.getInt("write-queue-max-bytes"),
                c.getDuration("sweep-interval"),
                RefusalLogSettings.from(root));
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(PATH + "." + key + " must be positive, not " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PATH + "." + key + " must be a positive duration, not " + value);
        }
    }
}
