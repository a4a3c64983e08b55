package io.storagesession.recorder.putmedia;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the recorder may give one upload, checked on the caller's thread before anything is handed to the upload's
 * context: a stream header before any fragment (a fragment means nothing without the Tracks it refers to, KVS-WIRE.md
 * §5), fragment timecodes that grow (the service refuses one that does not with ErrorId 4004, KVS-WIRE.md §4), and
 * nothing once close was asked for. A caller breaking these is a bug, so it gets an exception at once rather than a
 * lost fragment later. Thread-safe: the caller's thread is not the upload's.
 */
final class UploadInput {
    private final StreamId stream;
    private final AtomicLong lastTimecode = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean headerGiven;
    private volatile boolean closeRequested;

    UploadInput(StreamId stream) {
        this.stream = stream;
    }

    /** A stream header may be given; fragments may follow it. */
    void header() {
        open();
        headerGiven = true;
    }

    /** A fragment with {@code clusterTimecode} may be given: after a header, later than every one before. */
    void fragment(long clusterTimecode) {
        open();
        if (!headerGiven) {
            throw new IllegalStateException("a fragment of " + stream + " before any stream header");
        }
        long previous = lastTimecode.getAndAccumulate(clusterTimecode, Math::max);
        if (clusterTimecode <= previous) {
            throw new IllegalArgumentException("fragment timecode " + clusterTimecode + " after " + previous);
        }
    }

    /** Close was asked for: nothing more may be given. */
    void close() {
        closeRequested = true;
    }

    boolean closeRequested() {
        return closeRequested;
    }

    private void open() {
        if (closeRequested) {
            throw new IllegalStateException("the upload of " + stream + " is closing");
        }
    }
}
