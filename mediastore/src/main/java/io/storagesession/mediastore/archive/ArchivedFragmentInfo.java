package io.storagesession.mediastore.archive;

import io.storagesession.mediastore.store.TimestampKind;

/**
 * What a playlist needs to know of a stored fragment without reading its media: ListFragments' fields
 * (KVS-WIRE.md §6) plus two numbers the store keeps for HLS.
 *
 * @param fragmentNumber         KVS fragment number, a decimal string (it may exceed 64 bits)
 * @param producerTimestampMillis the fragment's producer timestamp (its first cluster timecode, absolute ms)
 * @param serverTimestampMillis  when the store received the fragment (absolute ms, server clock)
 * @param durationMillis         FragmentLengthInMilliseconds
 * @param sizeBytes              FragmentSizeInBytes (the MKV cluster); the master playlist's BANDWIDTH comes from it
 * @param sequence               the fragment's position in its stream: increases by one per persisted fragment, in
 *                               ingestion order, never reused. It becomes the HLS Media Sequence Number (RFC 8216
 *                               §6.2.2 wants it stable across playlist reloads, and KVS fragment numbers are too large)
 * @param tracksSequence         identifies the track set (MKV Tracks) the fragment was ingested under: equal values
 * mean identical {@link ArchivedTrack}s. A change starts a new init segment ({@code EXT-X-MAP}) and, in
 * ON_DISCONTINUITY mode, a discontinuity
 */
public record ArchivedFragmentInfo(String fragmentNumber, long producerTimestampMillis, long serverTimestampMillis,
                              long durationMillis, long sizeBytes, long sequence, long tracksSequence) {

    /** The fragment's start on the timeline the session's selector names. */
    public long timestamp(TimestampKind kind) {
        return kind == TimestampKind.PRODUCER_TIMESTAMP ? producerTimestampMillis : serverTimestampMillis;
    }
}
