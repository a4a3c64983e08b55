package io.storagesession.mediastore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.mkv.MkvHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the fragment store: a crash can leave the last record of a segment torn anywhere (a short write)
 * or garbled; after reopening, every fragment that was PERSISTED before it (its append completed, i.e. it was
 * forced to disk) is listed and readable byte for byte, the torn one is gone, and appending continues with larger
 * fragment numbers.
 */
class FragmentStoreCrashTest {
    private static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/crash/1700000000000";
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 4;
    private static final int PAYLOAD = 200;

    @TempDir
    Path dir;
    private final MediaStoreSettings settings = MediaStoreSettings.defaults();
    private final List<IncomingFragment> written = new ArrayList<>();
    private Path pristine;
    private long lastRecordStart;

    @BeforeEach
    void writeFragments() throws Exception {
        MkvHeader header = MkvHeader.parse(TestMkv.recording(T0, 1, 1000, 1).header());
        Random random = new Random(5);
        Path root = dir.resolve("store");
        try (FragmentStore store = open(root)) {
            for (int i = 0; i < FRAGMENTS; i++) {
                byte[] payload = new byte[PAYLOAD + i];
                random.nextBytes(payload);
                IncomingFragment f = new IncomingFragment(store.nextFragmentNumber(ARN, T0 + i), header, T0 + i * 1000,
                        T0 + i * 1000, T0 + i * 1000 + 5, 990, payload);
                if (i == FRAGMENTS - 1) {
                    lastRecordStart = Files.size(segment(root));
                }
                store.append(ARN, f).get(10, TimeUnit.SECONDS);
                written.add(f);
            }
        }
        pristine = dir.resolve("pristine.seg");
        Files.copy(segment(root), pristine);
    }

    @Test
    void everyPersistedFragmentSurvivesATornLastRecordWhereverItIsCut() throws Exception {
        long size = Files.size(pristine);
        assertThat(size).isGreaterThan(lastRecordStart);
        for (long cut = lastRecordStart; cut <= size; cut++) {
            Path root = restoredWith(cut, -1);
            try (FragmentStore store = open(root)) {
                int expected = cut == size ? FRAGMENTS : FRAGMENTS - 1;
                assertStored(store, expected, "cut at " + cut);
            }
        }
    }

    @Test
    void aGarbledByteAnywhereInTheLastRecordDropsOnlyThatRecord() throws Exception {
        long size = Files.size(pristine);
        for (long at = lastRecordStart; at < size; at++) {
            Path root = restoredWith(size, at);
            try (FragmentStore store = open(root)) {
                assertStored(store, FRAGMENTS - 1, "garbled byte at " + at);
            }
        }
    }

    @Test
    void appendingAfterRecoveryContinuesWithLargerNumbers() throws Exception {
        Path root = restoredWith(lastRecordStart + 10, -1);
        try (FragmentStore store = open(root)) {
            long next = store.nextFragmentNumber(ARN, T0);
            assertThat(next).isGreaterThan(written.get(FRAGMENTS - 2).number());
            IncomingFragment f = new IncomingFragment(next, written.get(0).header(), T0 + 9000, T0 + 9000, T0 + 9000,
                    10, new byte[] {1, 2, 3});
            store.append(ARN, f).get(10, TimeUnit.SECONDS);
        }
        try (FragmentStore store = open(root)) {
            assertThat(store.list(ARN, TimestampKind.PRODUCER_TIMESTAMP, 0, Long.MAX_VALUE, 100)).hasSize(FRAGMENTS);
            assertThat(store.readMedia(ARN, store.last(ARN).orElseThrow().number()).orElseThrow().payload())
                    .containsExactly(1, 2, 3);
        }
    }

    private void assertStored(FragmentStore store, int expected, String why) throws IOException {
        List<FragmentInfo> listed = store.list(ARN, TimestampKind.SERVER_TIMESTAMP, 0, Long.MAX_VALUE, 100);
        assertThat(listed).as(why).hasSize(expected);
        for (int i = 0; i < expected; i++) {
            IncomingFragment want = written.get(i);
            FragmentInfo info = listed.get(i);
            assertThat(info.number()).as(why).isEqualTo(want.number());
            assertThat(info.producerTimestampMillis()).isEqualTo(want.producerTimestampMillis());
            assertThat(info.clusterTimecode()).isEqualTo(want.clusterTimecode());
            FragmentMedia media = store.readMedia(ARN, want.number()).orElseThrow();
            assertThat(media.payload()).as(why).isEqualTo(want.payload());
            assertThat(media.header()).isEqualTo(want.header());
        }
    }

    /** A store directory holding the pristine segment cut at {@code length}, with one byte flipped at {@code garble}. */
    private Path restoredWith(long length, long garble) throws IOException {
        Path root = Files.createTempDirectory(dir, "restored");
        Path streamDir = root.resolve(FragmentStore.folderName(ARN));
        Files.createDirectories(streamDir);
        Files.writeString(streamDir.resolve(StreamFragments.ARN_FILE), ARN);
        Path segment = streamDir.resolve("00000000000000000001.seg");
        Files.copy(pristine, segment, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ch.truncate(length);
            if (garble >= 0) {
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, garble);
                b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
                ch.write(b, garble);
            }
        }
        return root;
    }

    private FragmentStore open(Path root) throws IOException {
        return FragmentStore.open(root, settings.store(), settings.limits().maxFragmentBytes());
    }

    private static Path segment(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }
}
