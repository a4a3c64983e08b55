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
 * milliseconds, KVS-WIRE.md §5): a long outage should cost the oldest media, not the memory of the server. Confined
 * to the client's context.
 */
final class UnpersistedFragments implements Iterable<PendingFragment> {
    private final long maxMediaMillis;
    private final Map<Long, PendingFragment> byTimecode = new LinkedHashMap<>();

    UnpersistedFragments(long maxMediaMillis) {
        this.maxMediaMillis = maxMediaMillis;
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
            dropped.add(oldest.next());
            oldest.remove();
        }
        return dropped;
    }

    /** Removes and returns the fragment with {@code timecode}, or null when there is none (already gone). */
    PendingFragment remove(long timecode) {
        return byTimecode.remove(timecode);
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

    List<PendingFragment> removeAll() {
        List<PendingFragment> all = new ArrayList<>(byTimecode.values());
        byTimecode.clear();
        return all;
    }

    private long oldestTimecode() {
        return byTimecode.values().iterator().next().timecode;
    }

    /** In the order handed over; the iterator removes. */
    @Override
    public Iterator<PendingFragment> iterator() {
        return byTimecode.values().iterator();
    }
}
