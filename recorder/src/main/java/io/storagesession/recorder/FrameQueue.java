package io.storagesession.recorder;

import io.storagesession.recorder.mkv.VideoTrack;

/**
 * A bounded FIFO of one track's frames waiting to be written in time order ({@link Interleaver}). Slots are
 * preallocated and each keeps its byte array, grown to the largest frame it ever held, so after warm-up queueing a
 * frame copies bytes and allocates nothing. A video frame also carries the {@link VideoTrack} in force for it: the
 * writer starts a new stream header where that changes. Confined to the session executor.
 */
final class FrameQueue {
    private final long[] timecodes;
    private final boolean[] keyframes;
    private final VideoTrack[] tracks;
    private final byte[][] data;
    private final int[] lengths;
    private int head;
    private int size;

    FrameQueue(int capacity, int initialFrameBytes) {
        timecodes = new long[capacity];
        keyframes = new boolean[capacity];
        tracks = new VideoTrack[capacity];
        data = new byte[capacity][];
        lengths = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            data[i] = new byte[initialFrameBytes];
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean isFull() {
        return size == timecodes.length;
    }

    int size() {
        return size;
    }

    /** Appends a copy of the frame; the caller makes room first ({@link #isFull()}). */
    void add(long timecode, boolean keyframe, VideoTrack track, byte[] frame, int off, int len) {
        if (isFull()) {
            throw new IllegalStateException("frame queue full");
        }
        int slot = (head + size) % timecodes.length;
        if (data[slot].length < len) {
            data[slot] = new byte[Math.max(len, data[slot].length * 2)];
        }
        System.arraycopy(frame, off, data[slot], 0, len);
        timecodes[slot] = timecode;
        keyframes[slot] = keyframe;
        tracks[slot] = track;
        lengths[slot] = len;
        size++;
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

    byte[] oldestData() {
        return data[head];
    }

    int oldestLength() {
        return lengths[head];
    }

    /** Drops the oldest frame (after it was written, or to discard it). */
    void removeOldest() {
        tracks[head] = null;
        head = (head + 1) % timecodes.length;
        size--;
    }

    void clear() {
        while (size > 0) {
            removeOldest();
        }
        head = 0;
    }
}
