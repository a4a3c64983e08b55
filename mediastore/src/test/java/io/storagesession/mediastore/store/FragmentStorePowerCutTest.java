package io.storagesession.mediastore.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise behind PERSISTED (KVS-WIRE.md §4: "on stable storage"), tested against what a power cut leaves rather
 * than what a killed process leaves ({@link FragmentStoreKillTest}: the kernel's page cache survives a kill and
 * writes everything back later, fsync or not).
 *
 * <p>The store's directory is on ext4 in a loop-mounted image with {@code commit=600}, so neither the journal's
 * five-second commit nor the thirty-second writeback of dirty pages happens during the test: only what the store
 * forces reaches the device. Fragments are ingested over PutMedia and their PERSISTED acknowledgements collected;
 * right after the last one, with the store still open and nothing unmounted or synced, the device's blocks are copied
 * with O_DIRECT reads. The copy is mounted as a machine coming back would mount it (journal replayed, here read-only),
 * and the store opened on it must list every PERSISTED fragment and read it back byte for byte.
 */
@Tag("reliability")
class FragmentStorePowerCutTest {
    private static final long T0 = 1_700_000_000_000L;
    /** Eight seconds of ingest at the store's 5 fragments/s: far inside the kernel's 30 s dirty-page expiry. */
    private static final int FRAGMENTS = 40;
    private static final long FRAGMENT_MILLIS = 1000;
    private static final long SEED = 18;
    private static final long IMAGE_BYTES = 64L << 20;
    private static final int CHUNK_BYTES = 64 * 1024;
    /** ext4 commits its journal every 600 s: nothing but the store's own fsyncs makes data durable meanwhile. */
    private static final String NO_COMMIT_FOR_US = "commit=600";

    @TempDir
    Path dir;

    @Test
    void everyFragmentAcknowledgedPersistedIsOnTheDiskAPowerCutLeaves() throws Exception {
        LoopDisk.requireTools();
        Path copy = dir.resolve("after-power-cut.img");
        String arn;
        Map<String, FragmentMedia> served = new LinkedHashMap<>();
        try (LoopDisk disk = LoopDisk.format(dir.resolve("disk.img"), IMAGE_BYTES, dir.resolve("disk"),
                NO_COMMIT_FOR_US)) {
            Path fragments = disk.mountPoint().resolve("fragments");
            try (TestServer server = TestServer.start(dir.resolve("data"),
                    "media-store.directory = \"" + fragments + "\"")) {
                Stream stream = server.createStream("power-cut", 24);
                arn = stream.arn();
                TestMkv.Recording recording = TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, SEED);
                PutMediaTestClient.Result result = PutMediaTestClient.upload(server.vertx, server.uri(),
                        PutMediaTestClient.headers(stream.name()), recording.all(), CHUNK_BYTES);
                disk.copyBlocksTo(copy);

                assertThat(result.error()).as("no ERROR acknowledgement").isNull();
                List<AckEvent> persisted = result.of(AckEvent.Type.PERSISTED);
                assertThat(persisted).hasSize(FRAGMENTS);
                for (AckEvent ack : persisted) {
                    served.put(ack.fragmentNumber(), server.mediaStore.store()
                            .readMedia(arn, Long.parseLong(ack.fragmentNumber())).orElseThrow());
                }
            }
        }

        Path recovered = dir.resolve("recovered");
        try (LoopDisk afterPowerCut = LoopDisk.attach(copy, dir.resolve("after-power-cut"), "ro")) {
            copyTree(afterPowerCut.mountPoint().resolve("fragments"), recovered);
        }
        MediaStoreSettings settings = MediaStoreSettings.defaults();
        try (FragmentStore store = FragmentStore.open(recovered, settings.store(),
                settings.limits().maxFragmentBytes())) {
            List<Long> listed = store.list(arn, TimestampKind.SERVER_TIMESTAMP, 0, Long.MAX_VALUE, FRAGMENTS * 2)
                    .stream().map(FragmentInfo::number).toList();
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, FragmentMedia> e : served.entrySet()) {
                long number = Long.parseLong(e.getKey());
                Optional<FragmentMedia> read = store.readMedia(arn, number);
                if (!listed.contains(number) || read.isEmpty()) {
                    missing.add(e.getKey());
                    continue;
                }
                assertThat(read.get().payload()).as("fragment %s", e.getKey()).isEqualTo(e.getValue().payload());
                assertThat(read.get().header()).isEqualTo(e.getValue().header());
            }
            System.out.printf("power cut: %d fragments acknowledged PERSISTED, %d listed after it, %d missing%n",
                    served.size(), listed.size(), missing.size());
            assertThat(missing).as("%d of %d PERSISTED fragments are gone after the power cut; streams recovered: "
                    + "%s", missing.size(), served.size(), store.streamArns()).isEmpty();
        }
    }

    /** The store is opened on a writable copy: recovery may cut a torn tail, which a read-only mount forbids. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        List<Path> paths;
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            paths = walk.collect(Collectors.toList());
        }
        for (Path p : paths) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }
}
