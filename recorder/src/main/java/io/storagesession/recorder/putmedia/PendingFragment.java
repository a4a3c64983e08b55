package io.storagesession.recorder.putmedia;

/**
 * A fragment kept until the service acknowledges it PERSISTED: its bytes (opaque MKV, one Cluster:
 * {@code bytes[0, length)}, an array of the {@link FragmentBuffers}), the cluster Timecode the acknowledgements echo
 * (KVS-WIRE.md §4), and on which connection it was last written. Confined to the client's context.
 */
final class PendingFragment {
    final long timecode;
    final byte[] bytes;
    final int length;
    final long handedOverNanos;
    /** The stream header in force when the fragment was given: written before it unless the connection's last was it. */
    byte[] header;
    /** Connections this fragment was written on. */
    int attempts;
    /** The connection it was last written on, or 0 for none yet. */
    long writtenOn;
    long writtenAtNanos;

    PendingFragment(long timecode, byte[] bytes, int length, long handedOverNanos) {
        this.timecode = timecode;
        this.bytes = bytes;
        this.length = length;
        this.handedOverNanos = handedOverNanos;
    }
}
