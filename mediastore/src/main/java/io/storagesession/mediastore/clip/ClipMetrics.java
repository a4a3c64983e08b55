package io.storagesession.mediastore.clip;

import io.storagesession.metrics.Metrics;

/**
 * GetClip's series in the process-wide {@link Metrics} registry, declared once here: clips being sent, clips ended by
 * outcome, and the bytes sent (KVS's CloudWatch metric GetClip.OutgoingBytes). Fragments sent are counted with the
 * other read APIs' ({@code kvs_media_store_fragments_served_total{api="GetClip"}}).
 */
public final class ClipMetrics {
    /** How a clip that began (200 sent) ended. */
    enum Outcome {
        /** Every fragment was sent. */
        COMPLETE,
        /** The client closed the connection before the end. */
        CLIENT_GONE,
        /** Reading or packaging a fragment failed after the 200; the connection was reset. */
        FAILED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Metrics.Gauge inProgress;
    private final Metrics.Counter ended;
    private final Metrics.Counter outgoingBytes;

    public ClipMetrics(Metrics metrics) {
        inProgress = metrics.gauge("kvs_media_store_clips_in_progress", "GetClip responses being sent");
        ended = metrics.counter("kvs_media_store_clips_total", "GetClip responses begun, by how they ended",
                "outcome");
        outgoingBytes = metrics.counter("kvs_media_store_clip_outgoing_bytes_total",
                "Bytes of MP4 sent by GetClip (KVS: GetClip.OutgoingBytes)");
    }

    void started() {
        inProgress.add(1);
    }

    void ended(Outcome outcome) {
        inProgress.add(-1);
        ended.inc(outcome.label());
    }

    void sent(long bytes) {
        outgoingBytes.add(bytes);
    }
}
