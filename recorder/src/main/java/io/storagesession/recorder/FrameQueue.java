package io.storagesession.recorder;

import io.storagesession.recorder.mkv.VideoTrack;

/**
 * A bounded FIFO of one track's frames waiting to be written in time order ({@link Interleaver}). The frames' bytes
 * live back to back in one ring of bytes, so queueing a frame copies it and allocates nothing once the ring is large
 * enough, and the memory is what the interleaving window needs rather than a slot per frame grown to the largest
 * keyframe. The ring starts small and doubles whenever the frames waiting leave no room for the next ({@link #roomFor}),
 * up to {@code maxRingBytes}, and keeps its size: a stream costs what its own bit rate and keyframes need, and frames
 * leave the queue because the other track caught up, not because a preallocated ring was too small. Only a queue at
 * its bound (or out of frame slots) makes the caller write out the oldest early; a single frame larger than the
 * bound still goes through, alone. A video frame also carries the {@link VideoTrack} in force for it: the writer
 * starts a new stream header where that changes. Confined to the session executor.
 */
final class FrameQueue {
    private static final int GROWTH_FACTOR = 2;
    private final long[] timecodes;
    private final boolean[] keyframes;
    private final VideoTrack[] tracks;
    private final int[] offsets;
    private final int[] lengths;
    private final int maxRingBytes;
    private byte[] ring;
    /** Bytes of the frames queued. */
    private int queuedBytes;
    private int head;
    private int size;
    /** Where the next frame's bytes go, when they fit there. */
    private int writeAt;

    /**
     * @param capacity     frames it holds at most
     * @param ringBytes    first size of the ring
     * @param maxRingBytes size the ring may grow to so that frames need not leave early
     */
    FrameQueue(int capacity, int ringBytes, int maxRingBytes) {
        if (ringBytes <= 0 || maxRingBytes < ringBytes) {
            throw new IllegalArgumentException("need 0 < ring bytes <= max ring bytes, got " + ringBytes + " and "
                    + maxRingBytes);
        }
        this.maxRingBytes = maxRingBytes;
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

    /**
     * Makes room for a frame of {@code len} bytes, growing the ring when needed and allowed: true when the frame can
     * be added now, false when the caller must write out the oldest first (no frame slot left, or the ring is at its
     * bound). Always true for an empty queue.
     */
    boolean roomFor(int len) {
        if (size == timecodes.length) {
            return false;
        }
        if (placeFor(len) >= 0) {
            return true;
        }
        if (size == 0) {
            ring = new byte[Math.max(len, Math.min(maxRingBytes, ring.length * GROWTH_FACTOR))];
            return true;
        }
        int needed = queuedBytes + len;
        int grown = Math.min(maxRingBytes, Math.max(needed, ring.length * GROWTH_FACTOR));
        if (grown <= ring.length || grown < needed) {
            return false;
        }
        grow(grown);
        return true;
    }

    /** Appends a copy of the frame, for which {@link #roomFor} has just made room. */
    void add(long timecode, boolean keyframe, VideoTrack track, byte[] frame, int off, int len) {
        int at = size == timecodes.length ? -1 : placeFor(len);
        if (at < 0) {
            throw new IllegalStateException("no room for a frame of " + len + " bytes: call roomFor first");
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
        queuedBytes += len;
    }

    /** Size of the ring now: what this track's window has needed so far. */
    int ringBytes() {
        return ring.length;
    }

    /** Moves the queued frames, oldest first, to the start of a larger ring. */
    private void grow(int bytes) {
        byte[] larger = new byte[bytes];
        int at = 0;
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % timecodes.length;
            System.arraycopy(ring, offsets[slot], larger, at, lengths[slot]);
            offsets[slot] = at;
            at += lengths[slot];
        }
        ring = larger;
        writeAt = at;
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
        queuedBytes -= lengths[head];
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
