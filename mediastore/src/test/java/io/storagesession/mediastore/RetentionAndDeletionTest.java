package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.FragmentStore;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;

/**
 * Retention drops whole segment files older than the stream's DataRetentionInHours (0: older than the configured
 * zero-retention window), and DeleteStream removes a stream's data at once through the registry's deletion hook;
 * both survive a restart (a stream deleted while the server was down is cleaned up at start).
 */
class RetentionAndDeletionTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "media-store.store { segment-max-size = 1KiB, zero-retention-window = 5m }",
                clock);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private List<Long> upload(String stream, long producerStart, int fragments) throws Exception {
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream), TestMkv.recording(producerStart, fragments, 1000, 9).all(), 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(fragments);
        return r.of(AckEvent.Type.PERSISTED).stream().map(a -> Long.parseLong(a.fragmentNumber())).toList();
    }

    private List<Long> stored(Stream stream) {
        return server.mediaStore.store().list(stream.arn(), TimestampKind.SERVER_TIMESTAMP, 0, Long.MAX_VALUE, 1000)
                .stream().map(FragmentInfo::number).toList();
    }

    @Test
    void retentionDropsSegmentsOlderThanTheStreamsRetentionOnly() throws Exception {
        Stream stream = server.createStream("kept-one-hour", 1);
        List<Long> old = upload("kept-one-hour", T0, 3);
        clock.advance(Duration.ofMinutes(90));
        List<Long> recent = upload("kept-one-hour", T0 + 60_000, 3);
        assertThat(stored(stream)).containsExactlyElementsOf(concat(old, recent));

        server.mediaStore.enforceRetention();
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(stream).equals(recent));
        assertThat(server.metrics.scrape()).contains("kvs_media_store_segments_expired_total");
    }

    @Test
    void zeroRetentionKeepsFragmentsForTheConfiguredWindowOnly() throws Exception {
        Stream stream = server.createStream("kept-not-at-all", 0);
        List<Long> numbers = upload("kept-not-at-all", T0, 2);
        clock.advance(Duration.ofMinutes(4));
        server.mediaStore.enforceRetention();
        retentionPassDone(stream);
        assertThat(stored(stream)).containsExactlyElementsOf(numbers);
        clock.advance(Duration.ofMinutes(2));
        server.mediaStore.enforceRetention();
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(stream).isEmpty());
    }

    @Test
    void deleteStreamRemovesItsDataAtOnce() throws Exception {
        Stream stream = server.createStream("deleted", 24);
        upload("deleted", T0, 2);
        Path folder = dir.resolve("fragments").resolve(FragmentStore.folderName(stream.arn()));
        assertThat(folder).isDirectory();
        server.deleteStream(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(folder));
        assertThat(stored(stream)).isEmpty();
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            assertThat(catchThrowable(() -> client.listFragments(r -> r.streamName("deleted"))))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    /**
     * Waits until the retention pass just started has run for {@code stream}: the store runs each stream's changes in
     * order (FragmentStore, "Threads"), so a drop queued after the pass's (one that drops nothing) finishes after it.
     */
    private void retentionPassDone(Stream stream) throws Exception {
        server.mediaStore.store().dropBefore(stream.arn(), Long.MIN_VALUE).get(10, TimeUnit.SECONDS);
    }

    private static List<Long> concat(List<Long> a, List<Long> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
    }
}
