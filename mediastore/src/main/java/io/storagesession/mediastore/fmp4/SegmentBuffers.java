package io.storagesession.mediastore.fmp4;

/**
 * One reusable {@link Mp4Buffer} per thread (the event loops that write HLS and DASH segments and GetClip's MP4):
 * taken empty, given back once its bytes are copied into the response. A buffer grown past the retained maximum for
 * one unusual fragment is dropped rather than kept, so a single huge fragment does not pin its size on every event
 * loop thread for the life of the process.
 */
public final class SegmentBuffers {
    private final ThreadLocal<Mp4Buffer> buffers;
    private final int maxRetainedBytes;

    /**
     * @param initialBytes     first size of each thread's buffer
     * @param maxRetainedBytes a buffer grown beyond this is dropped when given back
     */
    public SegmentBuffers(int initialBytes, int maxRetainedBytes) {
        this.buffers = ThreadLocal.withInitial(() -> new Mp4Buffer(initialBytes));
        this.maxRetainedBytes = maxRetainedBytes;
    }

    /** This thread's buffer, emptied; give it back with {@link #release} once its bytes are sent. */
    public Mp4Buffer take() {
        Mp4Buffer b = buffers.get();
        b.reset();
        return b;
    }

    public void release(Mp4Buffer buffer) {
        if (buffer.capacity() > maxRetainedBytes) {
            buffers.remove();
        }
    }
}
