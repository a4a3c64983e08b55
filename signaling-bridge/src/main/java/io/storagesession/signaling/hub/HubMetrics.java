package io.storagesession.signaling.hub;

import io.storagesession.signaling.bridge.Role;
import io.storagesession.signaling.metrics.Metrics;
import java.util.Locale;

/**
 * The hub's metrics. ConnectAsMaster and ConnectAsViewer are recorded in the same per-operation series as every other
 * KVS API ({@code kvs_api_calls_total}, {@code kvs_api_latency_seconds}, {@code kvs_api_failures_total}), declared
 * with exactly the names, help texts, buckets and label names {@link io.storagesession.signaling.api.ApiRoutes}
 * uses, so {@link Metrics} hands back one shared instance whichever component declares it first.
 * {@code kvs_signaling_messages_transferred_total} is the seed's per-channel MessagesTransferred.Count.
 */
final class HubMetrics {
    /** Must equal ApiRoutes' buckets: the histogram is shared and the first declaration fixes them. */
    private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final double NANOS_PER_SECOND = 1e9;

    private final Metrics.Histogram latency;
    private final Metrics.Counter failures;
    private final Metrics.Counter calls;
    private final Metrics.Counter transferred;
    private final Metrics.Gauge connections;
    private final Metrics.Gauge rooms;
    private final Metrics.Counter dropped;
    private final Metrics.Counter closed;

    HubMetrics(Metrics metrics) {
        latency = metrics.histogram("kvs_api_latency_seconds", "Latency of KVS API calls by operation",
                LATENCY_BUCKETS, "operation");
        failures = metrics.counter("kvs_api_failures_total", "KVS API calls answered with an error, by operation "
                + "and error type", "operation", "error");
        calls = metrics.counter("kvs_api_calls_total", "KVS API calls by operation", "operation");
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
        calls.inc(operation);
    }

    void latency(String operation, long startNanos) {
        latency.observe((System.nanoTime() - startNanos) / NANOS_PER_SECOND, operation);
    }

    void failure(String operation, String errorType) {
        failures.inc(operation, errorType);
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
