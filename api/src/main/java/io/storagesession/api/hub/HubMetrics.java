package io.storagesession.api.hub;

import io.storagesession.api.bridge.Role;
import io.storagesession.api.http.ApiMetrics;
import io.storagesession.metrics.Metrics;
import java.util.Locale;

/**
 * The hub's metrics. ConnectAsMaster and ConnectAsViewer are recorded in the same per-operation series as every other
 * KVS API, through {@link ApiMetrics}.
 * {@code kvs_signaling_messages_transferred_total} is the seed's per-channel MessagesTransferred.Count.
 */
final class HubMetrics {
    private final ApiMetrics api;
    private final Metrics.Counter transferred;
    private final Metrics.Gauge connections;
    private final Metrics.Gauge rooms;
    private final Metrics.Counter dropped;
    private final Metrics.Counter closed;

    HubMetrics(Metrics metrics) {
        api = new ApiMetrics(metrics);
        transferred = metrics.counter("kvs_signaling_messages_transferred_total",
                "Signaling messages delivered to a participant or to the storage session, by channel name", "channel");
        connections = metrics.gauge("kvs_signaling_connections", "Open signaling WebSocket connections by role", "role");
        rooms = metrics.gauge("kvs_signaling_rooms", "Channels with signaling state held by the hub");
        dropped = metrics.counter("kvs_signaling_frames_dropped_total",
                "Signaling messages the hub dropped instead of delivering, by reason", "reason");
        closed = metrics.counter("kvs_signaling_connections_closed_by_server_total",
                "Signaling connections the hub closed, by reason", "reason");
    }

    void call(String operation) {
        api.call(operation);
    }

    void latency(String operation, long startNanos) {
        api.latency(operation, startNanos);
    }

    void failure(String operation, String errorType) {
        api.failure(operation, errorType);
    }

    void transferred(String channelName, int count) {
        if (count > 0) {
            transferred.add(count, channelName);
        }
    }

    void connectionOpened(Role role) {
        connections.add(1, role.name().toLowerCase(Locale.ROOT));
    }

    void connectionClosed(Role role) {
        connections.add(-1, role.name().toLowerCase(Locale.ROOT));
    }

    void roomsChanged(int delta) {
        rooms.add(delta);
    }

    void dropped(DropReason reason, int count) {
        if (count > 0) {
            dropped.add(count, reason.label());
        }
    }

    void closedByServer(CloseReason reason) {
        closed.inc(reason.label());
    }
}
