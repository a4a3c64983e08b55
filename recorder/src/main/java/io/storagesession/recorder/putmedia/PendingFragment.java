package io.storagesession.recorder.putmedia;

import io.vertx.core.Handler;
import java.util.function.Consumer;

/**
 * A fragment kept until the service acknowledges it PERSISTED: its bytes (opaque MKV, one Cluster, in chunks of the
 * {@link ChunkPool}), the cluster Timecode the acknowledgements echo (KVS-WIRE.md §4), and on which connection it was
 * last written. A record is reused for fragment after fragment of one upload, so that handing a fragment over
 * allocates none: filled on the caller's thread, taken in on the client's context ({@link #arrival}), given back for
 * reuse when the fragment has left the resend buffer and nothing reads the record any more.
 */
final class PendingFragment {
    final FragmentBytes bytes;
    /** Takes the record in on the client's context: the hand-off task, made once per record. */
    final Handler<Void> arrival;
    long timecode;
    long handedOverNanos;
    /** The stream header in force when the fragment was given: written before it unless the connection's last was it. */
    byte[] header;
    /** Connections this fragment was written on. */
    int attempts;
    /** The connection it was last written on, or 0 for none yet. */
    long writtenOn;
    long writtenAtNanos;

    /** @param arrived what takes the record in on the client's context */
    PendingFragment(ChunkPool pool, Consumer<PendingFragment> arrived) {
        this.bytes = new FragmentBytes(pool);
        this.arrival = v -> arrived.accept(this);
    }

    /** Starts a new fragment in this record, whose bytes are already in {@link #bytes}. */
    void handedOver(long clusterTimecode, long nanos) {
        timecode = clusterTimecode;
        handedOverNanos = nanos;
        header = null;
        attempts = 0;
        writtenOn = 0;
        writtenAtNanos = 0;
    }
}
