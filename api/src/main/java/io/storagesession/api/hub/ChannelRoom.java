package io.storagesession.api.hub;

import io.storagesession.api.bridge.OutboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.storagesession.api.http.ApiException;
import io.storagesession.api.http.TokenBucket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's state for one signaling channel: its master, its viewers by ClientId, messages waiting for participants
 * that are not connected yet, and the channel's connect-rate bucket. Enforces KVS's per-channel rules
 * (KVS-WIRE.md §2): one master (the newest connection wins), at most 10 viewers (a viewer reconnecting with the same
 * ClientId replaces its old connection), 3 connects per second.
 *
 * <p>Connections of one channel live on different event loops, so every method is synchronized; none blocks or
 * does I/O (sending only schedules a write on the recipient's own context). A room is removed from the hub once it
 * holds nothing and its connect bucket has refilled; it is then {@linkplain #isRetired() retired} and never reused,
 * so a caller holding a stale reference fetches a fresh room.
 */
final class ChannelRoom {
    /** What became of a message for a participant. */
    enum Delivery { DELIVERED, KEPT, FULL }

    /** The result of attaching a connection: the connection it replaced (or null) and backlog counts. */
    record Attached(SignalingConnection replaced, int delivered, int expired) {
    }

    private final String channelArn;
    private final int maxViewers;
    private final TokenBucket connects;
    private final PendingMessages pending;
    private final Map<String, SignalingConnection> viewers = new HashMap<>();
    private SignalingConnection master;
    private boolean retired;

    ChannelRoom(String channelArn, HubSettings settings, long nowMillis) {
        this.channelArn = channelArn;
        this.maxViewers = settings.maxViewersPerChannel();
        this.connects = new TokenBucket(settings.connectsPerSecondPerChannel(), nowMillis);
        this.pending = new PendingMessages(settings.pendingMessagesPerRecipient(), settings.pendingRecipientsPerChannel());
    }

    String channelArn() {
        return channelArn;
    }

    /**
     * Admits a connect before its WebSocket upgrade, so refusals are plain HTTP errors. Throws
     * ClientLimitExceededException when the channel has its maximum of viewers (a reconnect with a connected ClientId
     * does not count) or exceeded the connect rate; false when the room was retired meanwhile.
     */
    synchronized boolean admit(ConnectRequest request, long nowMillis) {
        if (retired) {
            return false;
        }
        if (request.role() == Role.VIEWER && !viewers.containsKey(request.clientId()) && viewers.size() >= maxViewers) {
            throw ApiException.clientLimitExceeded("The channel already has " + maxViewers + " viewers connected");
        }
        if (!connects.tryAcquire(nowMillis)) {
            throw ApiException.clientLimitExceeded("Too many connections to this channel per second");
        }
        return true;
    }

    /**
     * Makes {@code connection} the participant's current one and hands it the messages kept for it. Returns null when
     * the room was retired meanwhile; throws ClientLimitExceededException if concurrent connects took the last
     * viewer slot during the upgrade.
     */
    synchronized Attached attach(SignalingConnection connection, long nowMillis) {
        if (retired) {
            return null;
        }
        ParticipantAddress address = connection.address();
        SignalingConnection replaced;
        if (address.role() == Role.MASTER) {
            replaced = master;
            master = connection;
        } else {
            if (!viewers.containsKey(address.clientId()) && viewers.size() >= maxViewers) {
                throw ApiException.clientLimitExceeded("The channel already has " + maxViewers + " viewers connected");
            }
            replaced = viewers.put(address.clientId(), connection);
        }
        int expired = pending.expire(nowMillis);
        List<OutboundMessage> backlog = pending.take(address, nowMillis);
        for (OutboundMessage message : backlog) {
            connection.send(message);
        }
        return new Attached(replaced, backlog.size(), expired);
    }

    /** Forgets {@code connection}; true when it was still the participant's current connection. */
    synchronized boolean detach(SignalingConnection connection) {
        ParticipantAddress address = connection.address();
        if (address.role() == Role.MASTER) {
            if (master == connection) {
                master = null;
                return true;
            }
            return false;
        }
        return viewers.remove(address.clientId(), connection);
    }

    synchronized SignalingConnection connection(ParticipantAddress address) {
        if (address.role() == Role.MASTER) {
            return master;
        }
        return viewers.get(address.clientId());
    }

    /**
     * Sends {@code message} to {@code to} if connected, else keeps it until {@code expiresAtMillis} (the channel's
     * MessageTtlSeconds) for delivery when it connects.
     */
    synchronized Delivery deliver(ParticipantAddress to, OutboundMessage message, long expiresAtMillis) {
        SignalingConnection recipient = connection(to);
        if (recipient != null) {
            recipient.send(message);
            return Delivery.DELIVERED;
        }
        return pending.offer(to, message, expiresAtMillis) ? Delivery.KEPT : Delivery.FULL;
    }

    /** Drops kept messages whose TTL has passed; returns how many. */
    synchronized int expirePending(long nowMillis) {
        return pending.expire(nowMillis);
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized List<SignalingConnection> connections() {
        List<SignalingConnection> all = new ArrayList<>(viewers.size() + 1);
        if (master != null) {
            all.add(master);
        }
        all.addAll(viewers.values());
        return all;
    }

    /** Has each connection apply its timers as of {@code nowMillis} (the hub's sweep; no copy of the connections). */
    synchronized void checkTimers(long nowMillis) {
        if (master != null) {
            master.checkTimers(nowMillis);
        }
        for (SignalingConnection viewer : viewers.values()) {
            viewer.checkTimers(nowMillis);
        }
    }

    /**
     * Whether {@link #retireIfUnused} could retire the room (or has): it holds no connection and no message. The
     * sweep asks this first, so a room in use costs it no map update.
     */
    synchronized boolean holdsNothing() {
        return retired || master == null && viewers.isEmpty() && pending.isEmpty();
    }

    /**
     * Retires the room when it holds no connection and no message and its connect bucket is full (forgetting it then
     * cannot let a client exceed the connect rate). A retired room accepts nothing more.
     */
    synchronized boolean retireIfUnused(long nowMillis) {
        if (!retired && master == null && viewers.isEmpty() && pending.isEmpty() && connects.isFull(nowMillis)) {
            retired = true;
        }
        return retired;
    }

    synchronized boolean isRetired() {
        return retired;
    }
}
