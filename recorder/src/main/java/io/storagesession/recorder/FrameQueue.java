package io.storagesession.recorder;

import io.storagesession.recorder.mkv.VideoTrack;

/**
 * A bounded FIFO of one track's frames waiting to be written in time order ({@link Interleaver}). The frames' bytes
 * live back to back in one preallocated ring of bytes, so queueing a frame copies it and allocates nothing, and the
 * memory is what the interleaving window needs rather than a slot per frame grown to the largest keyframe. A frame
 * that does not fit makes the caller write out the oldest ({@link #fits}); only a single frame larger than the whole
 * ring grows it. A video frame also carries the {@link VideoTrack} in force for it: the writer starts a new stream
 * header where that changes. Confined to the session executor.
 */
final class FrameQueue {
    private final long[] timecodes;
    private final boolean[] keyframes;
    private final VideoTrack[] tracks;
    private final int[] offsets;
    private final int[] lengths;
    private byte[] ring;
    private int head;
    private int size;
    /** Where the next frame's bytes go, when they fit there. */
    private int writeAt;

    FrameQueue(int capacity, int ringBytes) {
        timecodes = new long[capacity];
        keyframes = new boolean[capacity];
        tracks = new VideoTrack[capacity];
        offsets = new int[capacity];
        lengths = new int[capacity];
        ring = new byte[ringBytes];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Whether a frame of {@code len} bytes can be added now; when false the caller removes the oldest first. */
    boolean fits(int len) {
        return size < timecodes.length && placeFor(len) >= 0;
    }

    /** Appends a copy of the frame; when the queue is empty and the ring too small, the ring grows. */
    void add(long timecode, boolean keyframe, VideoTrack track, byte[] frame, int off, int len) {
        if (size == timecodes.length) {
            throw new IllegalStateException("frame queue full");
        }
        int at = placeFor(len);
        if (at < 0) {
            if (size > 0) {
                throw new IllegalStateException("no room for a frame of " + len + " bytes");
            }
            ring = new byte[Math.max(len, ring.length * 2)];
            at = 0;
        }
        System.arraycopy(frame, off, ring, at, len);
        writeAt = at + len;
        int slot = (head + size) % timecodes.length;
        timecodes[slot] = timecode;
        keyframes[slot] = keyframe;
        tracks[slot] = track;
        offsets[slot] = at;
        lengths[slot] = len;
        size++;
    }

    /** Where {@code len} bytes would go: after the newest frame, else wrapped to the ring's start; -1 if nowhere. */
    private int placeFor(int len) {
        if (size == 0) {
            return len <= ring.length ? 0 : -1;
        }
        int oldest = offsets[head];
        if (writeAt > oldest) {
            if (ring.length - writeAt >= len) {
                return writeAt;
            }
            return oldest >= len ? 0 : -1;
        }
        return oldest - writeAt >= len ? writeAt : -1;
    }

    long oldestTimecode() {
        return timecodes[head];
    }

    long newestTimecode() {
        return timecodes[(head + size - 1) % timecodes.length];
    }

    boolean oldestKeyframe() {
        return keyframes[head];
    }

    VideoTrack oldestTrack() {
        return tracks[head];
    }

    /** The ring holding the oldest frame, at {@link #oldestOffset()}. */
    byte[] oldestData() {
        return ring;
    }

    int oldestOffset() {
        return offsets[head];
    }

    int oldestLength() {
        return lengths[head];
    }

    /** Drops the oldest frame (after it was written, or to discard it). */
    void removeOldest() {
        tracks[head] = null;
        head = (head + 1) % timecodes.length;
        size--;
        if (size == 0) {
            head = 0;
            writeAt = 0;
        }
    }

    void clear() {
        while (size > 0) {
            removeOldest();
        }
    }
}
