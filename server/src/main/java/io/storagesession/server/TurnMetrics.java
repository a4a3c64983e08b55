package io.storagesession.server;

import io.storagesession.metrics.Metrics;
import io.storagesession.turn.TurnStats;

/**
 * The embedded TURN server's reports as Prometheus metrics: allocations, relayed packets and bytes, drops by reason,
 * authentication failures, and time allocations were held per signaling channel (the seed's TURNConnectedMinutes,
 * kept in milliseconds).
 */
final class TurnMetrics implements TurnStats {
    private final Metrics.Gauge allocations;
    private final Metrics.Counter allocationsOpened;
    private final Metrics.Counter packets;
    private final Metrics.Counter bytes;
    private final Metrics.Counter dropped;
    private final Metrics.Counter authFailures;
    private final Metrics.Counter connected;

    TurnMetrics(Metrics metrics) {
        allocations = metrics.gauge("kvs_turn_allocations", "TURN allocations held now");
        allocationsOpened = metrics.counter("kvs_turn_allocations_total", "TURN allocations created, by channel",
                "channel");
        packets = metrics.counter("kvs_turn_relayed_packets_total", "Packets relayed by the embedded TURN server");
        bytes = metrics.counter("kvs_turn_relayed_bytes_total", "Payload bytes relayed by the embedded TURN server");
        dropped = metrics.counter("kvs_turn_dropped_total", "Packets and requests the TURN server dropped or refused, "
                + "by reason", "reason");
        authFailures = metrics.counter("kvs_turn_auth_failures_total", "TURN requests with wrong or expired credentials");
        connected = metrics.counter("kvs_turn_connected_milliseconds_total",
                "Time TURN allocations were held, by signaling channel (TURNConnectedMinutes)", "channel");
    }

    @Override
    public void allocationOpened(String channel) {
        allocations.add(1);
        allocationsOpened.inc(channel);
    }

    @Override
    public void allocationClosed(String channel) {
        allocations.add(-1);
    }

    @Override
    public void connected(String channel, long millis) {
        if (millis > 0) {
            connected.add(millis, channel);
        }
    }

    @Override
    public void relayed(long packetCount, long byteCount) {
        if (packetCount > 0) {
            packets.add(packetCount);
            bytes.add(byteCount);
        }
    }

    @Override
    public void dropped(String reason, long count) {
        if (count > 0) {
            dropped.add(count, reason);
        }
    }

    @Override
    public void authFailure() {
        authFailures.inc();
    }
}
