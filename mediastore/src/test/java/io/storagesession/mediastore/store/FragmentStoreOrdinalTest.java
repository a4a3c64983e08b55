package io.storagesession.mediastore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.mkv.MkvHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fragment ordinals, HLS's media sequence numbers (RFC 8216 §6.2.2: a segment keeps its number while it is listed),
 * survive what a store lives through: reopening (recovery), retention dropping the oldest segment files, both, and a
 * crash that leaves an ordinal file unreadable (the fragments are then counted as before ordinal files existed).
 */
class FragmentStoreOrdinalTest {
    private static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/ordinals/1700000000000";
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 6;
    private static final long FRAGMENT_MILLIS = 1000;
    private static final int PAYLOAD = 100;
    private static final long AWAIT_SECONDS = 10;

    @TempDir
    Path dir;
    private final MediaStoreSettings defaults = MediaStoreSettings.defaults();
    /** Segments of one fragment each, so that retention drops fragments one by one. */
    private final MediaStoreSettings.Store oneFragmentPerSegment = new MediaStoreSettings.Store(1, 1,
            defaults.store().segmentMaxAge(), defaults.store().retentionCheckInterval(),
            defaults.store().zeroRetentionWindow(), defaults.store().minFreeBytes(),
            defaults.store().freeSpaceCheckInterval());

    @Test
    void ordinalsAreTheSameAfterReopening() throws Exception {
        Map<Long, Long> before;
        try (FragmentStore store = open()) {
            appendFragments(store, 0, FRAGMENTS);
            before = ordinals(store);
        }
        assertThat(before.values()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        try (FragmentStore store = open()) {
            assertThat(ordinals(store)).isEqualTo(before);
        }
    }

    @Test
    void ordinalsAreTheSameAfterRetentionDroppedTheOldestSegmentsAndAReopen() throws Exception {
        Map<Long, Long> before;
        try (FragmentStore store = open()) {
            appendFragments(store, 0, FRAGMENTS);
            before = ordinals(store);
            int dropped = store.dropBefore(ARN, T0 + 2 * FRAGMENT_MILLIS + 1).get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(dropped).isEqualTo(3);
            assertThat(ordinals(store)).as("while running").containsExactlyEntriesOf(tail(before, 3));
        }
        try (FragmentStore store = open()) {
            assertThat(ordinals(store)).as("after reopening").containsExactlyEntriesOf(tail(before, 3));
            appendFragments(store, FRAGMENTS, 1);
            assertThat(ordinals(store).values()).as("the next fragment continues the count").endsWith(6L);
        }
        try (FragmentStore store = open()) {
            assertThat(ordinals(store).values()).containsExactly(3L, 4L, 5L, 6L);
        }
    }

    @Test
    void retentionDeletesASegmentsOrdinalFileWithIt() throws Exception {
        try (FragmentStore store = open()) {
            appendFragments(store, 0, 2);
            assertThat(files(SegmentOrdinal.SUFFIX)).hasSize(2);
            store.dropBefore(ARN, T0 + 1).get(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(files(SegmentOrdinal.SUFFIX)).hasSize(1);
            assertThat(files(SegmentFile.SUFFIX)).hasSize(1);
        }
    }

    @Test
    void anUnreadableOrdinalFileFallsBackToCountingWithoutDuplicates() throws Exception {
        try (FragmentStore store = open()) {
            appendFragments(store, 0, 3);
        }
        List<Path> ordinalFiles = files(SegmentOrdinal.SUFFIX);
        Files.writeString(ordinalFiles.get(1), "not a number");
        Files.writeString(ordinalFiles.get(2), "9".repeat(40));
        try (FragmentStore store = open()) {
            assertThat(ordinals(store).values()).containsExactly(0L, 1L, 2L);
        }
    }

    private void appendFragments(FragmentStore store, int first, int count) throws Exception {
        MkvHeader header = MkvHeader.parse(TestMkv.recording(T0, 1, FRAGMENT_MILLIS, 1).header());
        for (int i = first; i < first + count; i++) {
            long t = T0 + i * FRAGMENT_MILLIS;
            IncomingFragment f = new IncomingFragment(store.nextFragmentNumber(ARN, t), header, t, t, t,
                    FRAGMENT_MILLIS, new byte[PAYLOAD]);
            store.append(ARN, f).get(AWAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Fragment number → ordinal, in server-time order. */
    private static Map<Long, Long> ordinals(FragmentStore store) {
        Map<Long, Long> out = new LinkedHashMap<>();
        for (IndexedFragment f : store.indexed(ARN, TimestampKind.SERVER_TIMESTAMP, 0, Long.MAX_VALUE, 100, false)) {
            out.put(f.info().number(), f.ordinal());
        }
        return out;
    }

    private static Map<Long, Long> tail(Map<Long, Long> all, int skip) {
        Map<Long, Long> out = new LinkedHashMap<>();
        all.entrySet().stream().skip(skip).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private FragmentStore open() throws IOException {
        return FragmentStore.open(dir, oneFragmentPerSegment, defaults.limits().maxFragmentBytes());
    }
}
