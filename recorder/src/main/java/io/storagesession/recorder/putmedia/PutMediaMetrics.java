package io.storagesession.recorder.putmedia;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one upload did, as plain counters and gauges to be exported by the server's metrics later. Written on the
 * client's context, readable from any thread.
 */
public final class PutMediaMetrics {
    /**
     * Where every upload's events also go, process-wide (the server's {@code /metrics}): plain calls on the upload's
     * event loop, once per fragment or connection event, never per frame.
     */
    public interface Export {
        /** {@code n} more of {@code event}: sent, resent, persisted, dropped, rejected, connected, connection-failed, error-ack, garbage-ack. */
        void count(String event, long n);

        /** A fragment's time from hand-over to its PERSISTED acknowledgement. */
        void ackLatency(long millis);

        /** The upload's unpersisted buffer changed by these amounts (a gauge summed over uploads). */
        void buffer(long fragmentsDelta, long mediaMillisDelta);

        Export NONE = new Export() {
            @Override
            public void count(String event, long n) {
            }

            @Override
            public void ackLatency(long millis) {
            }

            @Override
            public void buffer(long fragmentsDelta, long mediaMillisDelta) {
            }
        };
    }

    private final Export export;
    private final AtomicLong fragmentsSent = new AtomicLong();
    private final AtomicLong fragmentsPersisted = new AtomicLong();
    private final AtomicLong fragmentsResent = new AtomicLong();
    private final AtomicLong fragmentsDropped = new AtomicLong();
    private final AtomicLong fragmentsRejected = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong connectionFailures = new AtomicLong();
    private final AtomicLong errorAcks = new AtomicLong();
    private final AtomicLong garbageAcks = new AtomicLong();
    private final AtomicLong ackLatencyCount = new AtomicLong();
    private final AtomicLong ackLatencyTotalMillis = new AtomicLong();
    private final AtomicLong ackLatencyMaxMillis = new AtomicLong();
    private final AtomicLong bufferedFragments = new AtomicLong();
    private final AtomicLong bufferedMediaMillis = new AtomicLong();

    /** Fragment writes, first sends and resends alike. */
    public long fragmentsSent() {
        return fragmentsSent.get();
    }

    public long fragmentsPersisted() {
        return fragmentsPersisted.get();
    }

    /** Writes of a fragment already written on an earlier connection. */
    public long fragmentsResent() {
        return fragmentsResent.get();
    }

    /** Fragments given up without PERSISTED: buffer overflow, too many attempts, or unpersisted at close. */
    public long fragmentsDropped() {
        return fragmentsDropped.get();
    }

    /** Fragments the service called bad (ErrorId 4001, 4002, 4004, 4006, 4009, 4010, 4011), dropped at once. */
    public long fragmentsRejected() {
        return fragmentsRejected.get();
    }

    /** Connections that got HTTP 200. */
    public long connections() {
        return connections.get();
    }

    /** Connects that failed, HTTP errors and connections lost or ended by an ERROR. */
    public long connectionFailures() {
        return connectionFailures.get();
    }

    public long errorAcks() {
        return errorAcks.get();
    }

    /** Objects or bytes of the ACK stream that were no valid acknowledgement. */
    public long garbageAcks() {
        return garbageAcks.get();
    }

    /** From the moment a fragment was handed over (its end) to its PERSISTED acknowledgement. */
    public long ackLatencyCount() {
        return ackLatencyCount.get();
    }

    public long ackLatencyTotalMillis() {
        return ackLatencyTotalMillis.get();
    }

    public long ackLatencyMaxMillis() {
        return ackLatencyMaxMillis.get();
    }

    /** Gauge: fragments not yet PERSISTED. */
    public long bufferedFragments() {
        return bufferedFragments.get();
    }

    /** Gauge: media not yet PERSISTED, oldest to newest fragment timecode. */
    public long bufferedMediaMillis() {
        return bufferedMediaMillis.get();
    }

    PutMediaMetrics() {
        this(Export.NONE);
    }

    PutMediaMetrics(Export export) {
        this.export = export;
    }

    void sent(boolean resend) {
        fragmentsSent.incrementAndGet();
        export.count("sent", 1);
        if (resend) {
            fragmentsResent.incrementAndGet();
            export.count("resent", 1);
        }
    }

    void persisted(long latencyMillis) {
        fragmentsPersisted.incrementAndGet();
        export.count("persisted", 1);
        export.ackLatency(latencyMillis);
        ackLatencyCount.incrementAndGet();
        ackLatencyTotalMillis.addAndGet(latencyMillis);
        ackLatencyMaxMillis.accumulateAndGet(latencyMillis, Math::max);
    }

    void dropped(long count) {
        fragmentsDropped.addAndGet(count);
        export.count("dropped", count);
    }

    void rejected() {
        fragmentsRejected.incrementAndGet();
        export.count("rejected", 1);
    }

    void connected() {
        connections.incrementAndGet();
        export.count("connected", 1);
    }

    void connectionFailed() {
        connectionFailures.incrementAndGet();
        export.count("connection-failed", 1);
    }

    void errorAck() {
        errorAcks.incrementAndGet();
        export.count("error-ack", 1);
    }

    void garbage(long count) {
        garbageAcks.addAndGet(count);
        export.count("garbage-ack", count);
    }

    void buffer(int fragments, long mediaMillis) {
        export.buffer(fragments - bufferedFragments.getAndSet(fragments),
                mediaMillis - bufferedMediaMillis.getAndSet(mediaMillis));
    }
}
