package io.storagesession.turn;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of the TURN client ({@link TurnClients}), declared once by name: what was dropped and why, and the
 * control-plane events that show the client keeps its allocations alive. Incremented on the I/O thread (sends on
 * the callers' threads), read by metrics and tests from anywhere.
 */
public final class TurnClientStats {
    /** What the counters count. */
    public enum Count {
        /** Datagrams from the server that are neither STUN nor ChannelData, or whose framing is wrong. */
        MALFORMED,
        /** STUN responses that answer no outstanding request (wrong transaction id, late duplicates). */
        UNMATCHED_RESPONSE,
        /** Responses to authenticated requests whose MESSAGE-INTEGRITY is missing or wrong (RFC 8489 §9.2.5). */
        BAD_INTEGRITY,
        /** ChannelData on a channel this client has not bound, or Data indications without peer or data. */
        UNKNOWN_CHANNEL,
        /** Datagrams {@link RelayTransport#send} dropped: no permission, closed, full socket buffer. */
        SEND_DROPPED,
        /** Requests sent again because no answer came within the RTO (RFC 8489 §6.2.1). */
        RETRANSMISSIONS,
        /** Allocations refreshed (RFC 8656 §8). */
        ALLOCATION_REFRESHES,
        /** Permissions created or refreshed (RFC 8656 §9). */
        PERMISSIONS,
        /** Channels bound or refreshed (RFC 8656 §12). */
        CHANNEL_BINDS,
        /** Requests the server refused, or that were never answered. */
        REQUEST_FAILURES,
        /** Allocations lost while in use: a refresh was refused or never answered. */
        ALLOCATIONS_LOST,
        /** Datagrams from peers handed to receivers that came as ChannelData (RFC 8656 §12.6). */
        CHANNEL_DATA_RECEIVED,
        /** Datagrams from peers handed to receivers that came in Data indications (RFC 8656 §11.4). */
        DATA_INDICATIONS_RECEIVED
    }

    private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);

    void add(Count count) {
        counts.incrementAndGet(count.ordinal());
    }

    public long get(Count count) {
        return counts.get(count.ordinal());
    }
}
