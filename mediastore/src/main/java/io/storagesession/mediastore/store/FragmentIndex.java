package io.storagesession.mediastore.store;

import io.storagesession.mediastore.mkv.MkvHeader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A stream's fragments in memory, by number and by producer and server timestamp, rebuilt from the segment files at
 * start-up. Lock-free reads from any thread (event loops answer ListFragments from it); written by the stream's
 * serial executor only.
 */
final class FragmentIndex {
    /**
     * Where a fragment is: its segment, the record's offset and length, the header it was sent under, and its
     * ordinal — its position in the stream's ingestion order (0, 1, 2, …; never reused, the same after retention drops
     * older fragments and after a restart, see {@link SegmentOrdinal}), which HLS uses as the media sequence number.
     */
    record Entry(FragmentInfo info, SegmentFile segment, long offset, int recordBytes, MkvHeader header, long ordinal) {
    }

    /** Orders fragments by a timestamp, then by number (several fragments may share a timestamp). */
    record TimeKey(long millis, long number) implements Comparable<TimeKey> {
        @Override
        public int compareTo(TimeKey o) {
            int c = Long.compare(millis, o.millis);
            return c != 0 ? c : Long.compare(number, o.number);
        }
    }

    private final NavigableMap<Long, Entry> byNumber = new ConcurrentSkipListMap<>();
    private final NavigableMap<TimeKey, Entry> byProducer = new ConcurrentSkipListMap<>();
    private final NavigableMap<TimeKey, Entry> byServer = new ConcurrentSkipListMap<>();
    private long nextOrdinal;

    /** The ordinal the next added fragment gets. */
    long nextOrdinal() {
        return nextOrdinal;
    }

    /**
     * Raises the next ordinal to {@code ordinal} (at start-up, the recorded first ordinal of the segment about to be
     * read); never lowers it, so ordinals stay unique whatever a file says.
     */
    void continueFrom(long ordinal) {
        nextOrdinal = Math.max(nextOrdinal, ordinal);
    }

    void add(Entry e) {
        nextOrdinal = Math.max(nextOrdinal, e.ordinal() + 1);
        byNumber.put(e.info().number(), e);
        byProducer.put(new TimeKey(e.info().producerTimestampMillis(), e.info().number()), e);
        byServer.put(new TimeKey(e.info().serverTimestampMillis(), e.info().number()), e);
    }

    /** Forgets every fragment of {@code segment} (dropped by retention). */
    void removeSegment(SegmentFile segment) {
        byNumber.values().removeIf(e -> {
            if (e.segment() != segment) {
                return false;
            }
            byProducer.remove(new TimeKey(e.info().producerTimestampMillis(), e.info().number()));
            byServer.remove(new TimeKey(e.info().serverTimestampMillis(), e.info().number()));
            return true;
        });
    }

    Optional<Entry> get(long number) {
        return Optional.ofNullable(byNumber.get(number));
    }

    Optional<Entry> first() {
        return Optional.ofNullable(byNumber.firstEntry()).map(Map.Entry::getValue);
    }

    Optional<Entry> last() {
        return Optional.ofNullable(byNumber.lastEntry()).map(Map.Entry::getValue);
    }

    /** The fragment with the smallest number above {@code number}. */
    Optional<Entry> after(long number) {
        return Optional.ofNullable(byNumber.higherEntry(number)).map(Map.Entry::getValue);
    }

    int size() {
        return byNumber.size();
    }

    /**
     * Up to {@code limit} fragments whose {@code kind} timestamp is within {@code [from, to]}, in timestamp order,
     * strictly after the position {@code (afterMillis, afterNumber)} (pagination; {@code Long.MIN_VALUE} for none).
     */
    List<FragmentInfo> range(TimestampKind kind, long from, long to, long afterMillis, long afterNumber, int limit) {
        List<FragmentInfo> out = new ArrayList<>();
        for (Entry e : entries(kind, from, to, afterMillis, afterNumber, limit)) {
            out.add(e.info());
        }
        return out;
    }

    /** The entries of {@link #range}. */
    List<Entry> entries(TimestampKind kind, long from, long to, long afterMillis, long afterNumber, int limit) {
        NavigableMap<TimeKey, Entry> map = kind == TimestampKind.PRODUCER_TIMESTAMP ? byProducer : byServer;
        TimeKey start = new TimeKey(from, Long.MIN_VALUE);
        TimeKey after = new TimeKey(afterMillis, afterNumber);
        if (after.compareTo(start) >= 0) {
            start = after;
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : map.tailMap(start, false).headMap(new TimeKey(to, Long.MAX_VALUE), true).values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** The newest {@code limit} entries with a {@code kind} timestamp within {@code [from, to]}, in timestamp order. */
    List<Entry> newest(TimestampKind kind, long from, long to, int limit) {
        NavigableMap<TimeKey, Entry> map = kind == TimestampKind.PRODUCER_TIMESTAMP ? byProducer : byServer;
        ArrayDeque<Entry> out = new ArrayDeque<>();
        for (Entry e : map.subMap(new TimeKey(from, Long.MIN_VALUE), true, new TimeKey(to, Long.MAX_VALUE), true)
                .descendingMap().values()) {
            if (out.size() == limit) {
                break;
            }
            out.addFirst(e);
        }
        return new ArrayList<>(out);
    }

    /**
     * The fragment that contains {@code millis} on the {@code kind} clock (it began at or before and lasts past it),
     * else the first that begins after it (GetMedia's SERVER_TIMESTAMP / PRODUCER_TIMESTAMP start).
     */
    Optional<Entry> containing(TimestampKind kind, long millis) {
        NavigableMap<TimeKey, Entry> map = kind == TimestampKind.PRODUCER_TIMESTAMP ? byProducer : byServer;
        Map.Entry<TimeKey, Entry> before = map.floorEntry(new TimeKey(millis, Long.MAX_VALUE));
        if (before != null && before.getKey().millis() + before.getValue().info().durationMillis() >= millis) {
            return Optional.of(before.getValue());
        }
        return Optional.ofNullable(map.higherEntry(new TimeKey(millis, Long.MAX_VALUE))).map(Map.Entry::getValue);
    }
}
