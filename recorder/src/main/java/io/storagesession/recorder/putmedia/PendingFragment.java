package io.storagesession.recorder.putmedia;

import io.vertx.core.buffer.Buffer;

/**
 * A fragment kept until the service acknowledges it PERSISTED: its bytes (opaque MKV, one Cluster), the cluster
 * Timecode the acknowledgements echo (KVS-WIRE.md §4), and on which connection it was last written. Confined to the
 * client's context.
 */
final class PendingFragment {
    final long timecode;
    final Buffer bytes;
    final long handedOverNanos;
    /** The stream header in force when the fragment was given: written before it unless the connection's last was it. */
    Buffer header;
    /** Connections this fragment was written on. */
    int attempts;
    /** The connection it was last written on, or 0 for none yet. */
    long writtenOn;
    long writtenAtNanos;

    PendingFragment(long timecode, Buffer bytes, long handedOverNanos) {
        this.timecode = timecode;
        this.bytes = bytes;
        this.handedOverNanos = handedOverNanos;
    }
}
