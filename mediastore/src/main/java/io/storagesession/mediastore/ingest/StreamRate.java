package io.storagesession.mediastore.ingest;

import io.storagesession.api.http.TokenBucket;
import io.storagesession.mediastore.MediaStoreSettings;

/**
 * What one stream receives per second, against the KVS PutMedia quotas: "A client can send up to five fragments per
 * second per stream" and "Kinesis Video Streams reads media data at a rate of up to 12.5 MB/second, or 100 Mbps
 * during a PutMedia session" (KVS API reference, PutMedia; KVS-WIRE.md §4). KVS documents no ErrorId for either — its
 * 4003 is "Connection duration is greater than maximum allowed threshold" — and describes the data rate as the rate at
 * which it reads; so a producer above a rate is read more slowly, not refused: its upload stops reading the body until
 * the stream is back under both rates, and the producer's own buffer (or TCP) holds the rest.
 *
 * <p>One per stream, shared by its uploads (a reconnecting producer does not get a fresh second), measured with a
 * {@link TokenBucket} per rate. Its uploads may run on different event loops for a moment (the newest wins, the older
 * one finishes), hence the monitor; nothing is allocated per chunk or fragment.
 */
final class StreamRate {
    private final TokenBucket fragments;
    private final TokenBucket bytes;

    StreamRate(MediaStoreSettings.Limits limits, long nowMillis) {
        this.fragments = new TokenBucket(limits.maxFragmentsPerSecond(), nowMillis);
        this.bytes = new TokenBucket(limits.maxBytesPerSecond(), nowMillis);
    }

    /** A fragment began (its Cluster Timecode was read). */
    synchronized void fragment(long nowMillis) {
        fragments.take(1, nowMillis);
    }

    /** {@code count} body bytes arrived. */
    synchronized void bytes(int count, long nowMillis) {
        bytes.take(count, nowMillis);
    }

    /** Milliseconds until the stream is back under both rates; 0 when it is. */
    synchronized long millisUntilUnder(long nowMillis) {
        return Math.max(fragments.millisUntilPaid(nowMillis), bytes.millisUntilPaid(nowMillis));
    }
}
