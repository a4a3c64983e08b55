package io.storagesession.recorder;

/**
 * Where a recording's MKV goes (KVS-WIRE.md §5): stream headers and whole fragments, in order. The PutMedia upload in
 * production ({@link PutMediaSink}); a file or a list in tests. Called on the session executor. A stream header's
 * array is lent for the call only. A fragment is written straight into an array the sink lends
 * ({@link #fragmentArray}: the PutMedia upload's from the shared {@code FragmentBuffers}) and given back whole with
 * the fragment: the recorder never touches it again, so the upload keeps it until PERSISTED instead of copying it, and
 * returns it to its pool then.
 */
public interface FragmentSink {
    /** EBML header, Segment and Tracks for the fragments that follow (again whenever the tracks change). */
    void streamHeader(byte[] header, int off, int len);

    /**
     * One fragment (a Cluster and the Tags before it) at {@code bytes[off, off + len)}, whose Timecode is
     * {@code clusterTimecode} ms since the Unix epoch; the sink may keep {@code bytes}.
     */
    void fragment(byte[] bytes, int off, int len, long clusterTimecode);

    /**
     * An array of at least {@code atLeast} bytes to write the next fragment into: given back by {@link #fragment}, or
     * kept by the recorder for the next one when the fragment is discarded. A sink that keeps every fragment makes a
     * new one.
     */
    default byte[] fragmentArray(int atLeast) {
        return new byte[atLeast];
    }

    /** The master left or the session ended: this recording is complete (a later master starts a new one). */
    void end();
}
