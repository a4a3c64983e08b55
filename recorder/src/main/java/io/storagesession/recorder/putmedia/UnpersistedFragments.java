package io.storagesession.recorder.putmedia;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The fragments handed over and not yet PERSISTED, in the order they were handed over, found by the cluster Timecode
 * the acknowledgements echo (KVS-WIRE.md §4). This is what makes the upload lossless: every connection starts by
 * resending all of it, and a fragment leaves only through its PERSISTED acknowledgement, an explicit rejection or a
 * counted drop.
 *
 * <p>It is bounded in media time, measured from the oldest to the newest fragment's timecode (ABSOLUTE timecodes in
 * milliseconds, KVS-WIRE.md §5): a long outage should cost the oldest media, not the memory of the server. A fragment
 * that leaves, however it leaves, gives its chunks back to the {@link ChunkPool}, and its record is recycled for a
 * later fragment. The fragments are a ring of records in timecode order — what
 * the acknowledgements almost always name is the oldest — so that neither adding nor removing one allocates (no
 * boxed key, no iterator); the ring grows only when more fragments wait than ever before. Confined to the client's
 * context.
 */
final class UnpersistedFragments {
    /** {@link #persisted}'s answer when the fragment is not here. */
    static final long NOT_FOUND = Long.MIN_VALUE;
    /** Records the ring holds before it first grows: a minute of 2 s fragments; a power of two. */
    private static final int INITIAL_SLOTS = 32;

    private final long maxMediaMillis;
    private final Duration maxMedia;
    private final Consumer<PendingFragment> recycle;
    private PendingFragment[] ring = new PendingFragment[INITIAL_SLOTS];
    private int head;
    private int size;

    /**
     * @param maxMedia the bound, from the oldest to the newest timecode
     * @param recycle  takes the record of a fragment that has left, once nothing reads it any more
     */
    UnpersistedFragments(Duration maxMedia, Consumer<PendingFragment> recycle) {
        this.maxMediaMillis = maxMedia.toMillis();
        this.maxMedia = maxMedia;
        this.recycle = recycle;
    }

    /**
     * Adds {@code fragment} at the end, whose timecode must be greater than every other's, and drops the oldest
     * fragments to keep the bound — never the one just added — telling {@code losses}.
     */
    void add(PendingFragment fragment, UploadLosses losses) {
        if (size == ring.length) {
            grow();
        }
        ring[slot(size++)] = fragment;
        int dropped = 0;
        long firstDropped = 0;
        while (size > 1 && fragment.timecode - oldestTimecode() > maxMediaMillis) {
            if (dropped++ == 0) {
                firstDropped = oldestTimecode();
            }
            leave(0);
        }
        if (dropped > 0) {
            losses.overBuffer(dropped, firstDropped, maxMedia);
        }
    }

    /**
     * Removes the fragment with {@code timecode}, PERSISTED, and returns when it was handed over
     * ({@link System#nanoTime}), or {@link #NOT_FOUND} when there is none (already gone).
     */
    long persisted(long timecode) {
        int i = indexOf(timecode);
        if (i < 0) {
            return NOT_FOUND;
        }
        PendingFragment f = at(i);
        long handedOverNanos = f.handedOverNanos;
        leave(i);
        return handedOverNanos;
    }

    /**
     * Removes the fragment with {@code timecode}, which the service rejected with {@code errorId}, telling
     * {@code losses}; false when there is none (already gone).
     */
    boolean rejected(long timecode, int errorId, UploadLosses losses) {
        int i = indexOf(timecode);
        if (i >= 0) {
            losses.rejected(at(i), errorId);
            leave(i);
        }
        return i >= 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Media held, from the oldest to the newest timecode; 0 for one fragment or none. */
    long mediaMillis() {
        return size == 0 ? 0 : at(size - 1).timecode - oldestTimecode();
    }

    /** The fragment written longest ago on {@code connection} and not yet PERSISTED, or null. */
    PendingFragment oldestInFlight(long connection) {
        for (int i = 0; i < size; i++) {
            PendingFragment f = at(i);
            if (f.writtenOn == connection) {
                return f;
            }
        }
        return null;
    }

    /** Removes every fragment; returns how many there were. */
    int removeAll() {
        int count = size;
        while (size > 0) {
            leave(0);
        }
        return count;
    }

    /** The timecode of the oldest fragment; there must be one. */
    long oldestTimecode() {
        return at(0).timecode;
    }

    /**
     * Writes on {@code connection}, in order, every fragment not yet written on it — after the stream header it
     * belongs to unless that was the connection's last — straight from the chunks it is kept in; a fragment already
     * sent on {@code maxAttempts} connections is dropped instead (told to {@code losses}). Returns false when the
     * connection's write queue filled up first: write again once it drains.
     */
    boolean writeOn(PutMediaConnection connection, int maxAttempts, UploadLosses losses, PutMediaMetrics metrics) {
        int i = 0;
        while (i < size) {
            PendingFragment f = at(i);
            if (f.writtenOn == connection.id) {
                i++;
                continue;
            }
            if (connection.writeQueueFull()) {
                return false;
            }
            if (f.attempts >= maxAttempts) {
                losses.tooManyAttempts(f);
                leave(i);
                continue;
            }
            if (connection.headerWritten != f.header) {
                connection.headerWritten = f.header;
                connection.write(f.header, f.header.length);
            }
            f.attempts++;
            f.writtenOn = connection.id;
            f.writtenAtNanos = System.nanoTime();
            metrics.sent(f.attempts > 1);
            connection.write(f.bytes);
            i++;
        }
        return true;
    }

    /** Where the fragment with {@code timecode} is, or -1. */
    private int indexOf(long timecode) {
        for (int i = 0; i < size && at(i).timecode <= timecode; i++) {
            if (at(i).timecode == timecode) {
                return i;
            }
        }
        return -1;
    }

    /** The fragment at {@code index} leaves: its chunks go back to the pool, its record is recycled. */
    private void leave(int index) {
        PendingFragment f = at(index);
        removeAt(index);
        f.bytes.release();
        recycle.accept(f);
    }

    private PendingFragment at(int index) {
        return ring[slot(index)];
    }

    private int slot(int index) {
        return (head + index) & (ring.length - 1);
    }

    /** Removes the fragment at {@code index}: the oldest by moving the head, another by closing the gap after it. */
    private void removeAt(int index) {
        if (index == 0) {
            ring[head] = null;
            head = slot(1);
        } else {
            for (int i = index; i < size - 1; i++) {
                ring[slot(i)] = ring[slot(i + 1)];
            }
            ring[slot(size - 1)] = null;
        }
        size--;
    }

    private void grow() {
        PendingFragment[] larger = new PendingFragment[ring.length * 2];
        for (int i = 0; i < size; i++) {
            larger[i] = at(i);
        }
        ring = larger;
        head = 0;
    }
}
