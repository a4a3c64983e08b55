package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.MutableClock;
import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetHlsStreamingSessionUrlRequest;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * A recording in the real media store, as players reach it in production: the store mounted as the server mounts it
 * ({@link TestServer}: HTTP routes, registry, SigV4), the recording put through its PutMedia path as a producer
 * sends it, and GetHLSStreamingSessionURL asked with the AWS SDK, so the session URL leads to the store's own
 * playlists and fragments.
 *
 * <p>The store runs on a clock the upload moves: each fragment arrives when the clock reads its producer start plus
 * {@code serverSkewMillis}, so its server timestamp is exactly that, as for a camera uploading in real time whose
 * fragments land that much later; once everything is stored the clock moves a minute on, so the sessions look back
 * at finished media.
 */
final class StoredRecording implements AutoCloseable {
    static final String STREAM = "camera";
    private static final long MILLIS = 1000;
    /** How far the clock moves past the last fragment before sessions are asked. */
    private static final Duration SETTLED = Duration.ofMinutes(1);
    private static final long UPLOAD_SECONDS = 30;

    final TestServer server;
    private final MutableClock clock;

    private StoredRecording(TestServer server, MutableClock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** Starts a store in {@code dir}, creates {@link #STREAM} and puts {@code recording} into it, all persisted. */
    static StoredRecording put(Path dir, TestMkv.Recording recording, long serverSkewMillis) throws Exception {
        long firstStart = recording.fragments().get(0).timecode();
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(firstStart + serverSkewMillis));
        TestServer server = TestServer.start(dir, "", clock);
        StoredRecording stored = new StoredRecording(server, clock);
        try {
            server.createStream(STREAM, 24);
            stored.upload(recording, serverSkewMillis);
            clock.advance(SETTLED);
            return stored;
        } catch (Exception | AssertionError e) {
            stored.close();
            throw e;
        }
    }

    private void upload(TestMkv.Recording recording, long serverSkewMillis) throws Exception {
        PutMediaTestClient.OpenUpload upload = PutMediaTestClient.open(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM));
        try {
            upload.write(recording.header());
            for (int i = 0; i < recording.fragments().size(); i++) {
                long arrival = recording.fragments().get(i).timecode() + serverSkewMillis;
                clock.advance(Duration.ofMillis(arrival - clock.millis()));
                upload.write(recording.fragmentBytes().get(i));
                int begun = i + 1;
                // the store reads its clock when a fragment begins (BUFFERING): only then may the clock move on
                Awaitility.await("fragment " + i + " begun").atMost(UPLOAD_SECONDS, TimeUnit.SECONDS)
                        .until(() -> upload.of(AckEvent.Type.BUFFERING).size() >= begun
                                || !upload.of(AckEvent.Type.ERROR).isEmpty());
            }
            upload.end();
            Awaitility.await("every fragment persisted").atMost(UPLOAD_SECONDS, TimeUnit.SECONDS)
                    .until(() -> upload.of(AckEvent.Type.PERSISTED).size() >= recording.fragments().size()
                            || !upload.of(AckEvent.Type.ERROR).isEmpty());
            assertThat(upload.of(AckEvent.Type.ERROR)).as("PutMedia errors").isEmpty();
        } finally {
            upload.close();
        }
    }

    /** The HLSStreamingSessionURL GetHLSStreamingSessionURL answers for {@link #STREAM} and {@code request}. */
    String sessionUrl(Consumer<GetHlsStreamingSessionUrlRequest.Builder> request) {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            return client.getHLSStreamingSessionURL(b -> request.accept(b.streamName(STREAM)))
                    .hlsStreamingSessionURL();
        }
    }

    /** An ON_DEMAND session of {@code seconds} (and a second more) from {@code startMillis} on {@code timeline}. */
    static Consumer<GetHlsStreamingSessionUrlRequest.Builder> onDemand(HLSFragmentSelectorType timeline,
                                                                       long startMillis, int seconds) {
        return b -> b.playbackMode(HLSPlaybackMode.ON_DEMAND).hlsFragmentSelector(s -> s.fragmentSelectorType(timeline)
                .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(startMillis))
                        .endTimestamp(Instant.ofEpochMilli(startMillis + (seconds + 1) * MILLIS))));
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
