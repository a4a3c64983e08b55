package io.storagesession.recorder.putmedia;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fragments handed over and not yet PERSISTED, in the order they were handed over, found by the cluster Timecode
 * the acknowledgements echo (KVS-WIRE.md §4). This is what makes the upload lossless: every connection starts by
 * resending all of it, and a fragment leaves only through its PERSISTED acknowledgement, an explicit rejection or a
 * counted drop.
 *
 * <p>It is bounded in media time, measured from the oldest to the newest fragment's timecode (ABSOLUTE timecodes in
 * milliseconds, KVS-WIRE.md §5): a long outage should cost the oldest media, not the memory of the server. A fragment
 * that leaves, however it leaves, gives its array back to the {@link FragmentBuffers}. Confined to the client's
 * context.
 */
final class UnpersistedFragments {
    private final long maxMediaMillis;
    private final FragmentBuffers buffers;
    private final Map<Long, PendingFragment> byTimecode = new LinkedHashMap<>();

    UnpersistedFragments(long maxMediaMillis, FragmentBuffers buffers) {
        this.maxMediaMillis = maxMediaMillis;
        this.buffers = buffers;
    }

    /**
     * Adds {@code fragment} at the end, whose timecode must be greater than every other's, and returns the oldest
     * fragments dropped to keep the bound — never the one just added.
     */
    List<PendingFragment> add(PendingFragment fragment) {
        byTimecode.put(fragment.timecode, fragment);
        List<PendingFragment> dropped = new ArrayList<>(0);
        Iterator<PendingFragment> oldest = byTimecode.values().iterator();
        while (byTimecode.size() > 1 && fragment.timecode - oldestTimecode() > maxMediaMillis) {
            PendingFragment f = oldest.next();
            oldest.remove();
            buffers.give(f.bytes);
            dropped.add(f);
        }
        return dropped;
    }

    /**
     * Removes and returns the fragment with {@code timecode}, or null when there is none (already gone); its bytes
     * are no longer its own.
     */
    PendingFragment remove(long timecode) {
        PendingFragment f = byTimecode.remove(timecode);
        if (f != null) {
            buffers.give(f.bytes);
        }
        return f;
    }

    boolean isEmpty() {
        return byTimecode.isEmpty();
    }

    int size() {
        return byTimecode.size();
    }

    /** Media held, from the oldest to the newest timecode; 0 for one fragment or none. */
    long mediaMillis() {
        if (byTimecode.isEmpty()) {
            return 0;
        }
        long newest = 0;
        for (PendingFragment f : byTimecode.values()) {
            newest = f.timecode;
        }
        return newest - oldestTimecode();
    }

    /** The fragment written longest ago on {@code connection} and not yet PERSISTED, or null. */
    PendingFragment oldestInFlight(long connection) {
        for (PendingFragment f : byTimecode.values()) {
            if (f.writtenOn == connection) {
                return f;
            }
        }
        return null;
    }

    /** Removes every fragment; returns how many there were. */
    int removeAll() {
        int count = byTimecode.size();
        byTimecode.values().forEach(f -> buffers.give(f.bytes));
        byTimecode.clear();
        return count;
    }

    /** The timecode of the oldest fragment; there must be one. */
    long oldestTimecode() {
        return byTimecode.values().iterator().next().timecode;
    }

    /**
     * Writes on {@code connection}, in order, every fragment not yet written on it — after the stream header it
     * belongs to unless that was the connection's last — straight from the array it is kept in; a fragment already
     * sent on {@code maxAttempts} connections is dropped instead (told to {@code losses}). Returns false when the
     * connection's write queue filled up first: write again once it drains.
     */
    boolean writeOn(PutMediaConnection connection, int maxAttempts, UploadLosses losses, PutMediaMetrics metrics) {
        Iterator<PendingFragment> it = byTimecode.values().iterator();
        while (it.hasNext()) {
            PendingFragment f = it.next();
            if (f.writtenOn == connection.id) {
                continue;
            }
            if (connection.writeQueueFull()) {
                return false;
            }
            if (f.attempts >= maxAttempts) {
                it.remove();
                buffers.give(f.bytes);
                losses.tooManyAttempts(f);
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
            connection.write(f.bytes, f.length);
        }
        return true;
    }
}
