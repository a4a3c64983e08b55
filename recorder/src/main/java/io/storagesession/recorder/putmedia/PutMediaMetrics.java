package io.storagesession.recorder.putmedia;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one upload did, as plain counters and gauges to be exported by the server's metrics later. Written on the
 * client's context, readable from any thread.
 */
public final class PutMediaMetrics {
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

    void sent(boolean resend) {
        fragmentsSent.incrementAndGet();
        if (resend) {
            fragmentsResent.incrementAndGet();
        }
    }

    void persisted(long latencyMillis) {
        fragmentsPersisted.incrementAndGet();
        ackLatencyCount.incrementAndGet();
        ackLatencyTotalMillis.addAndGet(latencyMillis);
        ackLatencyMaxMillis.accumulateAndGet(latencyMillis, Math::max);
    }

    void dropped(long count) {
        fragmentsDropped.addAndGet(count);
    }

    void rejected() {
        fragmentsRejected.incrementAndGet();
    }

    void connected() {
        connections.incrementAndGet();
    }

    void connectionFailed() {
        connectionFailures.incrementAndGet();
    }

    void errorAck() {
        errorAcks.incrementAndGet();
    }

    void garbage(long count) {
        garbageAcks.addAndGet(count);
    }

    void buffer(int fragments, long mediaMillis) {
        bufferedFragments.set(fragments);
        bufferedMediaMillis.set(mediaMillis);
    }
}
