package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.registry.Stream;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaEndpoint;
import io.storagesession.recorder.putmedia.PutMediaMetrics;
import io.storagesession.recorder.putmedia.PutMediaSettings;
import io.storagesession.recorder.putmedia.StreamId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The project's own producer — the recorder's MKV writer and PutMediaClient — uploading to the store. */
class RecorderUploadTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 12;
    private static final long FRAGMENT_MILLIS = 1000;

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest(name = "payload hash {0}")
    @ValueSource(strings = {"UNSIGNED_PAYLOAD", "EMPTY_SHA256"})
    void everyFragmentIsPersistedOnceAndNoneIsResent(String payloadHash) throws Exception {
        Stream stream = server.createStream("recorder-" + payloadHash.toLowerCase().replace('_', '-'), 1);
        PutMediaSettings settings = PutMediaSettings.from(ConfigFactory.parseString(
                "recorder.put-media { endpoint = \"" + server.uri() + "\", payload-hash = " + payloadHash + " }")
                .withFallback(ConfigFactory.defaultReference()));
        PutMediaClient client = new PutMediaClient(server.vertx, server.vertx.getOrCreateContext(), settings,
                StreamId.ofName(stream.name()), PutMediaEndpoint.fixed(server.uri()), TestServer.credentials(),
                PutMediaMetrics.Export.NONE);
        TestMkv.Recording recording = TestMkv.recording(T0, FRAGMENTS, FRAGMENT_MILLIS, 3);
        client.streamHeader(recording.header());
        for (int i = 0; i < FRAGMENTS; i++) {
            client.fragment(recording.fragmentBytes().get(i), recording.fragments().get(i).timecode());
        }
        client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(client.metrics().fragmentsPersisted()).isEqualTo(FRAGMENTS);
        assertThat(client.metrics().fragmentsResent()).isZero();
        assertThat(client.metrics().fragmentsRejected()).isZero();
        assertThat(client.metrics().errorAcks()).isZero();
        List<FragmentInfo> stored = server.mediaStore.store().list(stream.arn(), TimestampKind.PRODUCER_TIMESTAMP,
                0, Long.MAX_VALUE, 100);
        assertThat(stored).extracting(FragmentInfo::producerTimestampMillis)
                .containsExactlyElementsOf(recording.fragments().stream().map(TestMkv.Fragment::timecode).toList());
    }
}
