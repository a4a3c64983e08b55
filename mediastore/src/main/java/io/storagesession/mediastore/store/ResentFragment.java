package io.storagesession.mediastore.store;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Recognises a fragment the stream already holds, sent again. A producer resends every fragment whose PERSISTED
 * acknowledgement it has not read when its connection breaks (KVS-WIRE.md §4; the recorder's PutMediaClient, the
 * producer SDKs' rollback), and a connection can break after the store persisted a fragment but before its
 * acknowledgement reached the producer. Storing the resend would put the same media in the stream twice; instead the
 * store acknowledges it with the number it already has.
 *
 * <p>Same means byte for byte: a stored fragment with the same producer timestamp, Cluster Timecode, duration, size
 * and stream header, whose stored bytes equal the incoming ones. Only fragments with that producer timestamp are
 * read, so a stream whose producer never resends costs an index lookup per fragment.
 */
final class ResentFragment {
    /** Stored fragments with one producer timestamp looked at: a real stream has one. */
    private static final int MAX_CANDIDATES = 4;

    private ResentFragment() {
    }

    /** The stored fragment {@code fragment} repeats, if any. Blocks (reads candidates): call on the I/O threads. */
    static Optional<FragmentInfo> storedAs(FragmentIndex index, IncomingFragment fragment) throws IOException {
        long producerMillis = fragment.producerTimestampMillis();
        for (FragmentIndex.Entry e : index.entries(TimestampKind.PRODUCER_TIMESTAMP, producerMillis, producerMillis,
                Long.MIN_VALUE, Long.MIN_VALUE, MAX_CANDIDATES)) {
            FragmentInfo info = e.info();
            if (info.clusterTimecode() != fragment.clusterTimecode() || info.durationMillis() != fragment
                    .durationMillis() || info.sizeBytes() != fragment.payloadLength()
                    || !e.header().equals(fragment.header())) {
                continue;
            }
            byte[] stored;
            try {
                stored = e.segment().readPayload(e.offset(), e.recordBytes());
            } catch (NoSuchFileException | ClosedChannelException droppedMeanwhile) {
                continue;
            }
            if (Arrays.equals(stored, 0, stored.length, fragment.payload(), 0, fragment.payloadLength())) {
                return Optional.of(info);
            }
        }
        return Optional.empty();
    }
}
