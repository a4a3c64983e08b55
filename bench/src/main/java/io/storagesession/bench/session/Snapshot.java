package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.bench.session.probe.MetricsText;

/**
 * Everything measured at one instant: the generator's counts by role, the server's and the generator's own CPU time,
 * and the server's {@code /metrics}.
 * A step's figures are the difference of the snapshots at the start and the end of its hold.
 */
record Snapshot(long nanos, PeerCounters masters, PeerCounters viewers, double serverCpuSeconds,
                double generatorCpuSeconds, long loopStalls, MetricsText metrics) {
    /** SRTP/SRTCP packets the server says it received from participants of {@code role} ("master", "viewer"). */
    double serverPackets(String role) {
        return metrics.sum("kvs_webrtc_total_packet_count", "role", role);
    }

    double serverBytes(String role) {
        return metrics.sum("kvs_webrtc_total_bytes", "role", role);
    }

    /** Fragments the store persisted (the recordings of every session). */
    double fragmentsPersisted() {
        return metrics.sum("kvs_media_store_fragments_persisted_total");
    }
}
