package io.storagesession.recorder;

import io.storagesession.recorder.putmedia.ChunkPool;
import io.storagesession.recorder.putmedia.FragmentBytes;
import java.util.Optional;

/**
 * Where a recording's MKV goes (KVS-WIRE.md §5): stream headers and whole fragments, in order. The PutMedia upload in
 * production ({@link PutMediaSink}); a file or a list in tests. Called on the session executor. A stream header's
 * array is lent for the call only. A fragment is written into a chain of chunks of the sink's pool ({@link #chunkPool}:
 * the PutMedia upload's, shared by the server) and given whole: the upload takes the chunks as they are and keeps them
 * until PERSISTED instead of copying them, and gives them back to the pool then.
 */
public interface FragmentSink {
    /** EBML header, Segment and Tracks for the fragments that follow (again whenever the tracks change). */
    void streamHeader(byte[] header, int off, int len);

    /**
     * One fragment (a Cluster and the Tags before it) in {@code bytes}, whose Timecode is {@code clusterTimecode} ms
     * since the Unix epoch. The sink takes the chunks it keeps ({@link FragmentBytes#moveTo}); whatever it leaves in
     * {@code bytes} goes back to the pool when it returns, and the recorder writes the next fragment into it.
     */
    void fragment(FragmentBytes bytes, long clusterTimecode);

    /**
     * The pool fragments are written into: the upload's, whose chunks it takes as they are. A sink that copies each
     * fragment (tests, tools) has none, and the recording makes a pool of its own.
     */
    default Optional<ChunkPool> chunkPool() {
        return Optional.empty();
    }

    /** The master left or the session ended: this recording is complete (a later master starts a new one). */
    void end();
}
