package io.storagesession.recorder;

import io.storagesession.metrics.Metrics;
import io.storagesession.recorder.putmedia.PutMediaMetrics;

/**
 * Every PutMedia upload's events at {@code /metrics}: fragments sent, resent, persisted,
 * dropped and rejected and connection outcomes in {@code kvs_put_media_events_total{event}}, the hand-over to
 * PERSISTED latency as a histogram, and what is waiting for acknowledgement, summed over uploads, as gauges.
 */
final class UploadMetrics implements PutMediaMetrics.Export {
    /** ACK latency buckets in seconds: a local store persists in milliseconds, a remote one in about a second. */
    private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final Metrics.Counter events;
    private final Metrics.Histogram latency;
    private final Metrics.Gauge bufferedFragments;
    private final Metrics.Gauge bufferedMillis;

    UploadMetrics(Metrics metrics) {
        events = metrics.counter("kvs_put_media_events_total", "PutMedia uploads of recordings, by event: fragments "
                + "sent, resent, persisted, dropped, rejected; connections made and failed; ERROR and unreadable acks",
                "event");
        latency = metrics.histogram("kvs_put_media_ack_latency_seconds", "From a fragment's hand-over to the upload "
                + "until its PERSISTED acknowledgement", LATENCY_BUCKETS);
        bufferedFragments = metrics.gauge("kvs_put_media_buffered_fragments", "Fragments handed over and not yet "
                + "PERSISTED, over all uploads");
        bufferedMillis = metrics.gauge("kvs_put_media_buffered_media_milliseconds", "Media not yet PERSISTED, over "
                + "all uploads");
    }

    @Override
    public void count(String event, long n) {
        events.add(n, event);
    }

    @Override
    public void ackLatency(long millis) {
        latency.observe(millis / MILLIS_PER_SECOND);
    }

    @Override
    public void buffer(long fragmentsDelta, long mediaMillisDelta) {
        bufferedFragments.add(fragmentsDelta);
        bufferedMillis.add(mediaMillisDelta);
    }
}
