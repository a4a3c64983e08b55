package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a PutMedia connection (KVS-WIRE.md §4): IDLE acknowledgements while nothing arrives and a close after
 * the idle timeout, one connection per stream with the newest winning, and ERROR 4008 when the stream is deleted
 * under an upload.
 */
class PutMediaConnectionTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private TestServer server;
    private Stream stream;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "media-store.put-media { idle-ack-interval = 200ms, idle-timeout = 1500ms }");
        stream = server.createStream("camera", 1);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Opens an upload and sends the header, a first fragment and the start of a second (which completes the first). */
    private PutMediaTestClient.OpenUpload uploadOneFragment(long start) throws Exception {
        TestMkv.Recording r = TestMkv.recording(start, 2, 1000, start);
        PutMediaTestClient.OpenUpload upload = PutMediaTestClient.open(server.vertx, server.uri(),
                PutMediaTestClient.headers("camera"));
        upload.write(r.header());
        upload.write(r.fragmentBytes().get(0));
        upload.write(r.fragmentBytes().get(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> upload.of(AckEvent.Type.PERSISTED).size() == 1);
        return upload;
    }

    @Test
    void aPutMediaPresignedInItsQueryIsAcceptedAsGoProducersSendIt() throws Exception {
        PutMediaTestClient.Result r = PutMediaTestClient.uploadPresigned(server.vertx, server.uri(),
                PutMediaTestClient.headers("camera"), TestMkv.recording(T0, 2, 1000, 3).all());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(2);
    }

    @Test
    void idleAcksFlowWhileNothingArrivesThenTheConnectionCloses() throws Exception {
        PutMediaTestClient.OpenUpload upload = uploadOneFragment(T0);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !upload.of(AckEvent.Type.IDLE).isEmpty());
            upload.ended.get(10, TimeUnit.SECONDS);
            assertThat(upload.status.get()).isEqualTo(200);
            assertThat(server.mediaStore.metrics().openUploads()).isZero();
        } finally {
            upload.close();
        }
    }

    @Test
    void theNewestConnectionOfAStreamWinsAndTheOlderOneIsEnded() throws Exception {
        PutMediaTestClient.OpenUpload older = uploadOneFragment(T0);
        PutMediaTestClient.OpenUpload newer = uploadOneFragment(T0 + 10_000);
        try {
            older.ended.get(10, TimeUnit.SECONDS);
            assertThat(newer.ended).isNotDone();
            assertThat(newer.of(AckEvent.Type.ERROR)).isEmpty();
            assertThat(older.of(AckEvent.Type.PERSISTED)).hasSize(1);
        } finally {
            older.close();
            newer.close();
        }
    }

    @Test
    void deletingTheStreamUnderAnUploadEndsItWithError4008() throws Exception {
        PutMediaTestClient.OpenUpload upload = uploadOneFragment(T0);
        try {
            server.deleteStream(stream);
            upload.ended.get(10, TimeUnit.SECONDS);
            assertThat(upload.of(AckEvent.Type.ERROR)).singleElement()
                    .satisfies(e -> assertThat(e.errorId()).hasValue(ErrorIds.STREAM_NOT_ACTIVE));
        } finally {
            upload.close();
        }
    }
}
