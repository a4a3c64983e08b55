package io.storagesession.mediastore;

import io.storagesession.metrics.Metrics;

/**
 * The media store's series in the process-wide {@link Metrics} registry (rendered at {@code /metrics}), declared
 * once here: fragments and bytes persisted, fragments received again after they were persisted, PutMedia errors by KVS
 * ErrorId, the time from a fragment's last byte to its PERSISTED acknowledgement, open PutMedia connections, fragments
 * dropped by retention and fragments served.
 */
public final class MediaStoreMetrics {
    /** PERSISTED latency buckets in seconds: an fsync takes from well under a millisecond to a slow disk's 100s of ms. */
    private static final double[] LATENCY_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    private static final double NANOS_PER_SECOND = 1e9;

    private final Metrics.Counter persisted;
    private final Metrics.Counter bytes;
    private final Metrics.Counter errors;
    private final Metrics.Histogram latency;
    private final Metrics.Gauge uploads;
    private final Metrics.Counter expired;
    private final Metrics.Counter served;
    private final Metrics.Counter resent;

    public MediaStoreMetrics(Metrics metrics) {
        persisted = metrics.counter("kvs_media_store_fragments_persisted_total",
                "Fragments written to stable storage and acknowledged PERSISTED");
        bytes = metrics.counter("kvs_media_store_bytes_persisted_total", "Bytes of fragments persisted");
        errors = metrics.counter("kvs_media_store_put_media_errors_total",
                "PutMedia uploads ended by an ERROR acknowledgement, by KVS ErrorId", "error_id");
        latency = metrics.histogram("kvs_media_store_persisted_latency_seconds",
                "Time from a fragment's last byte to its PERSISTED acknowledgement", LATENCY_BUCKETS);
        uploads = metrics.gauge("kvs_media_store_put_media_connections", "Open PutMedia connections");
        expired = metrics.counter("kvs_media_store_segments_expired_total",
                "Segment files dropped by retention or DeleteStream");
        served = metrics.counter("kvs_media_store_fragments_served_total",
                "Fragments sent by the read APIs, by API", "api");
        resent = metrics.counter("kvs_media_store_fragments_resent_total", "Fragments received again after they were "
                + "persisted (a producer's resend after a lost PERSISTED acknowledgement): acknowledged with their "
                + "stored number, not stored twice");
    }

    public void persisted(long sizeBytes, long receivedAtNanos) {
        persisted.inc();
        bytes.add(sizeBytes);
        latency.observe((System.nanoTime() - receivedAtNanos) / NANOS_PER_SECOND);
    }

    public void resent() {
        resent.inc();
    }

    public long fragmentsResent() {
        return resent.value();
    }

    public void error(int errorId) {
        errors.inc(Integer.toString(errorId));
    }

    public void uploadOpened() {
        uploads.add(1);
    }

    public void uploadClosed() {
        uploads.add(-1);
    }

    public void segmentsExpired(int count) {
        expired.add(count);
    }

    public void served(String api) {
        served.inc(api);
    }

    public long fragmentsPersisted() {
        return persisted.value();
    }

    public long errors(int errorId) {
        return errors.value(Integer.toString(errorId));
    }

    public long openUploads() {
        return uploads.value();
    }
}
