package io.storagesession.mediastore.store;

import io.storagesession.mediastore.mkv.MkvHeader;

/**
 * A complete, validated fragment handed to the store by PutMedia: the header it was sent under and its bytes (the
 * producer's Tags, if any, and the Cluster re-written with a known size), with the numbers the acknowledgements and
 * ListFragments report.
 */
public record IncomingFragment(long number, MkvHeader header, long clusterTimecode, long producerTimestampMillis,
                               long serverTimestampMillis, long durationMillis, byte[] payload) {
}
