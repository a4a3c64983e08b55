package io.storagesession.mediastore.store;

import io.storagesession.mediastore.mkv.MkvHeader;

/**
 * A complete, validated fragment handed to the store by PutMedia: the header it was sent under and its bytes (the
 * producer's Tags, if any, and the Cluster re-written with a known size), with the numbers the acknowledgements and
 * ListFragments report. The bytes are {@code payload[0, payloadLength)}: the array is lent until the append completes.
 */
public record IncomingFragment(long number, MkvHeader header, long clusterTimecode, long producerTimestampMillis,
                               long serverTimestampMillis, long durationMillis, byte[] payload, int payloadLength) {
    /** A fragment whose bytes are all of {@code payload}. */
    public IncomingFragment(long number, MkvHeader header, long clusterTimecode, long producerTimestampMillis,
                            long serverTimestampMillis, long durationMillis, byte[] payload) {
        this(number, header, clusterTimecode, producerTimestampMillis, serverTimestampMillis, durationMillis, payload,
                payload.length);
    }
}
