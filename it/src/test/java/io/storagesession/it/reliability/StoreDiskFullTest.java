package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.it.PackagedServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * The media store's disk fills up while a producer records, and space comes back. The packaged server runs with its
 * store's directory on a small tmpfs; a producer uploads over HTTP PutMedia with the recorder's own client, and the
 * test fills the disk behind the store's back with a filler file. It proves that:
 * <ul>
 *   <li>{@code /health} is DEGRADED, naming the media store, once the free space is below
 *       {@code media-store.store.min-free-space}, and with the write failure once the disk is full;</li>
 *   <li>the store refuses in KVS's terms: the producer's connection ends with an ERROR acknowledgement of ErrorId
 *       5001 (KVS-WIRE.md §4, "failed to persist"), counted on {@code /metrics} and logged;</li>
 *   <li>nothing stored before is damaged: every fragment listed before is listed still and reads back through
 *       GetMediaForFragmentList byte for byte — then, after space returns, and again after a restart (recovery);</li>
 *   <li>when the filler is deleted, ingest resumes without a restart and {@code /health} is UP again.</li>
 * </ul>
 */
@Tag("reliability")
class StoreDiskFullTest {
    private static final long DISK_BYTES = 24L << 20;
    private static final long MIN_FREE_BYTES = 4L << 20;
    /** What the filler leaves: below the health threshold, and room for two or three ~370 kB fragments. */
    private static final long LEFT_FREE_BYTES = 1L << 20;
    private static final int FILL_CHUNK_BYTES = 1 << 20;
    private static final String FREE_SPACE_CHECK = "1s";
    private static final int STORED_BEFORE = 5;
    /** Bounds each sending loop: the 1 MiB left holds a few fragments, and recovery needs a few more. */
    private static final int MAX_FRAGMENTS_PER_PHASE = 40;
    private static final int PERSISTED_AFTER_SPACE_RETURNS = 3;
    /** The store reads 5 fragments a second per stream (KVS's quota); the producer sends no faster. */
    private static final long PACE_MILLIS = 250;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PERSIST_FAILED = 5001;
    private static final String STREAM = "disk-full";
    private static final String MEDIA_STORE = "media-store";
    /** TURN over TLS on a free port, not the shipped 5349, which another server on the machine may hold. */
    private static final String ANY_TURN_TLS_PORT = "turn.tls.port=0";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<PackagedServer> servers = new ArrayList<>();

    @Test
    void aFullDiskRefusesPutMediaKeepsWhatIsStoredAndIngestResumesWhenSpaceReturns() throws Exception {
        PackagedServer.requireJar();
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), DISK_BYTES)) {
            try {
                PackagedServer server = PackagedServer.start(dir.resolve("server"), List.of(), ANY_TURN_TLS_PORT,
                        "media-store.directory=" + disk.dir().resolve("fragments"),
                        "media-store.store.min-free-space=" + MIN_FREE_BYTES,
                        "media-store.store.free-space-check-interval=" + FREE_SPACE_CHECK);
                servers.add(server);
                fillAndFree(server, disk);
            } finally {
                for (PackagedServer s : servers) {
                    s.close();
                }
            }
        }
    }

    private void fillAndFree(PackagedServer server, Tmpfs disk) throws Exception {
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()))) {
            kvs.createStream(b -> b.streamName(STREAM).dataRetentionInHours(24));
        }
        assertThat(health(server).getString("status")).isEqualTo("UP");
        Map<String, byte[]> before;
        Map<String, byte[]> all;
        try (HttpProducer producer = new HttpProducer(server.http(""), server.credentialsProvider(), STREAM);
             KinesisVideoArchivedMediaClient archive = archive(server)) {
            sendWhile(producer, () -> producer.sent() < STORED_BEFORE);
            await("the first fragments persisted").atMost(WAIT).pollInterval(POLL)
                    .until(() -> producer.metrics().fragmentsPersisted() == STORED_BEFORE);
            before = read(archive);
            assertThat(before).hasSize(STORED_BEFORE);

            Path filler = disk.dir().resolve("filler");
            fill(filler, disk.free() - LEFT_FREE_BYTES);
            await("health DEGRADED for low space").atMost(WAIT).pollInterval(POLL)
                    .until(() -> problem(server).contains("below min-free-space"));
            int sentBeforeFull = producer.sent();
            sendWhile(producer, () -> !producer.refusedWith(PERSIST_FAILED));
            await("the store refuses with ERROR " + PERSIST_FAILED).atMost(WAIT).pollInterval(POLL)
                    .until(() -> producer.refusedWith(PERSIST_FAILED));
            long persistedWhenFull = producer.metrics().fragmentsPersisted();
            JsonObject full = health(server);
            assertThat(full.getString("status")).isEqualTo("DEGRADED");
            assertThat(full.getJsonObject("services").getString(MEDIA_STORE)).isEqualTo("DEGRADED");
            assertThat(full.getJsonObject("problems").getString(MEDIA_STORE)).contains("No space left on device");
            server.awaitLine(WAIT, l -> l.contains("ERROR " + PERSIST_FAILED + ": persisting failed"),
                    "the refusal logged by the upload");
            server.awaitLine(WAIT, l -> l.contains("ERROR") && l.contains("No space left on device"),
                    "the full disk logged at ERROR");
            assertThat(server.metrics()).contains("error_id=\"" + PERSIST_FAILED + "\"");
            assertUnharmed(archive, before);
            int listedWhenFull = read(archive).size();
            System.out.printf("disk full: %d fragments stored before, %d sent after the filler left %d KiB, "
                            + "%d persisted when refused, %d listed, health %s%n", STORED_BEFORE,
                    producer.sent() - sentBeforeFull, LEFT_FREE_BYTES >> 10, persistedWhenFull, listedWhenFull,
                    full.encode());

            Files.delete(filler);
            sendWhile(producer, () -> producer.metrics().fragmentsPersisted()
                    < persistedWhenFull + PERSISTED_AFTER_SPACE_RETURNS);
            await("ingest resumed").atMost(WAIT).pollInterval(POLL).until(() -> producer.metrics()
                    .fragmentsPersisted() >= persistedWhenFull + PERSISTED_AFTER_SPACE_RETURNS);
            await("health UP again").atMost(WAIT).pollInterval(POLL)
                    .until(() -> health(server).getString("status").equals("UP"));
            assertUnharmed(archive, before);
            all = read(archive);
            assertThat(all.size()).isGreaterThanOrEqualTo(listedWhenFull + PERSISTED_AFTER_SPACE_RETURNS);
            System.out.printf("space back: %d sent in all, %d persisted, %d ERROR acks, %d given up, %d listed%n",
                    producer.sent(), producer.metrics().fragmentsPersisted(), producer.metrics().errorAcks(),
                    producer.metrics().fragmentsDropped(), all.size());
        }

        server.kill();
        PackagedServer restarted = server.restart();
        servers.add(restarted);
        try (KinesisVideoArchivedMediaClient archive = archive(restarted)) {
            Map<String, byte[]> recovered = read(archive);
            assertThat(recovered.keySet()).as("listed after a restart").containsAll(all.keySet());
            assertUnharmed(archive, all);
            System.out.printf("after a restart: %d listed%n", recovered.size());
        }
        assertThat(health(restarted).getString("status")).isEqualTo("UP");
    }

    /** Hands fragments to the producer at the store's pace while {@code condition} holds, at most a phase's worth. */
    private static void sendWhile(HttpProducer producer, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < MAX_FRAGMENTS_PER_PHASE && condition.getAsBoolean(); i++) {
            producer.send();
            Thread.sleep(PACE_MILLIS);
        }
    }

    /** Every fragment of {@code expected} is listed and GetMediaForFragmentList returns the same bytes as before. */
    private static void assertUnharmed(KinesisVideoArchivedMediaClient archive, Map<String, byte[]> expected) {
        Map<String, byte[]> now = read(archive);
        assertThat(now.keySet()).containsAll(expected.keySet());
        expected.forEach((number, bytes) -> assertThat(media(archive, number)).as("fragment %s", number)
                .isEqualTo(bytes));
    }

    /** Every listed fragment's GetMediaForFragmentList answer, by fragment number. */
    private static Map<String, byte[]> read(KinesisVideoArchivedMediaClient archive) {
        List<Fragment> listed = archive.listFragments(b -> b.streamName(STREAM).maxResults(1000L)
                .fragmentSelector(s -> s.fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                        .timestampRange(r -> r.startTimestamp(Instant.EPOCH).endTimestamp(Instant.now()
                                .plus(Duration.ofHours(1)))))).fragments();
        Map<String, byte[]> media = new TreeMap<>();
        for (Fragment f : listed) {
            media.put(f.fragmentNumber(), media(archive, f.fragmentNumber()));
        }
        return media;
    }

    private static byte[] media(KinesisVideoArchivedMediaClient archive, String number) {
        return archive.getMediaForFragmentList(b -> b.streamName(STREAM).fragments(number),
                ResponseTransformer.toBytes()).asByteArray();
    }

    private static KinesisVideoArchivedMediaClient archive(PackagedServer server) throws IOException {
        return server.client(KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()));
    }

    /** Writes {@code bytes} of zeros (real pages: a sparse file would take no space on tmpfs). */
    private static void fill(Path file, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(FILL_CHUNK_BYTES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= zeros.limit()) {
                zeros.clear().limit((int) Math.min(FILL_CHUNK_BYTES, left));
                while (zeros.hasRemaining()) {
                    ch.write(zeros);
                }
            }
        }
    }

    private JsonObject health(PackagedServer server) throws Exception {
        return new JsonObject(http.send(HttpRequest.newBuilder(server.http("/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private String problem(PackagedServer server) throws Exception {
        JsonObject problems = health(server).getJsonObject("problems");
        return problems == null ? "" : problems.getString(MEDIA_STORE, "");
    }
}
