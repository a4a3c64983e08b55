package io.storagesession.mediastore.store;

/**
 * What the store knows of one persisted fragment without reading it: the fields of ListFragments' {@code Fragment}
 * (KVS-WIRE.md §6) plus the Cluster Timecode the producer sent (echoed in PutMedia acknowledgements).
 *
 * @param number                 the fragment number, monotonic per stream (KVS's FragmentNumber, as a decimal string
 *                               on the wire)
 * @param producerTimestampMillis the Cluster's time in epoch ms (RELATIVE timecodes already added to the producer start)
 * @param serverTimestampMillis   when the server began receiving the fragment, epoch ms
 * @param durationMillis          from the Cluster's time to its last frame's
 * @param sizeBytes               the stored fragment (its producer Tags and Cluster)
 */
public record FragmentInfo(long number, long producerTimestampMillis, long serverTimestampMillis, long durationMillis,
                           long sizeBytes, long clusterTimecode) {

    /** The fragment number as KVS writes it: a decimal string. */
    public String numberString() {
        return Long.toString(number);
    }

    /** The timestamp of {@code kind} (ListFragments' FragmentSelectorType, HLS's HLSFragmentSelectorType). */
    public long timestamp(TimestampKind kind) {
        return kind == TimestampKind.PRODUCER_TIMESTAMP ? producerTimestampMillis : serverTimestampMillis;
    }
}
