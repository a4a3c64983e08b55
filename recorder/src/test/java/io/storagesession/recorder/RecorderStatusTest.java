package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.media.Direction;
import io.storagesession.media.MediaPlaneFactory.SessionInfo;
import io.storagesession.metrics.Metrics;
import io.storagesession.recorder.RecorderStatus.State;
import io.storagesession.recorder.putmedia.EmbeddedStore;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A channel's recorder as operators see it ({@link Recordings#status}), from the thread that asks while the recorder
 * runs on its own: real H.264 from the synthetic master (keyframes only when asked, as libwebrtc) recorded by the
 * recorder {@link Recordings} makes for a session, uploaded in-process to a store that acknowledges each Cluster as
 * PutMedia does, or refuses the upload.
 */
class RecorderStatusTest {
    private static final String CHANNEL_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:channel/door/1700000000000";
    private static final String STREAM_ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/door/1700000000000";
    private static final SessionInfo DOOR = new SessionInfo(CHANNEL_ARN, "door", STREAM_ARN);
    private static final long WAIT_SECONDS = 10;

    private final Vertx vertx = Vertx.vertx();
    private final SyntheticMaster.Clock clock = new SyntheticMaster.Clock();
    private SyntheticMaster master;

    @AfterEach
    void stop() throws Exception {
        if (master != null) {
            master.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private Recordings recordings(EmbeddedStore store, String settings) {
        return Recordings.create(vertx, ConfigFactory.parseString(settings)
                        .withFallback(ConfigFactory.defaultReference()).resolve(), new Metrics(),
                URI.create("http://127.0.0.1:1"),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALSTORE", "local-secret")), store);
    }

    /** A video-only master (its audio answered recvonly), so the recording is the H.264 alone. */
    private Recorder connectedMaster(Recordings recordings) {
        Recorder recorder = recordings.forSession(DOOR, () -> master.requestKeyframe()).orElseThrow();
        master = new SyntheticMaster(recorder, clock, new LiveH264(160, 120, RealH264.CONSTRAINED_BASELINE, 100_000),
                0);
        SyntheticMaster.connect(recorder, Direction.RECVONLY);
        return recorder;
    }

    @Test
    void theStatusFollowsTheMasterAndCountsFragmentsAsTheStoreAcknowledgesThem() {
        ClusterAcknowledgingStore store = ClusterAcknowledgingStore.persisting();
        Recordings recordings = recordings(store, "");
        try {
            assertThat(recordings.status(CHANNEL_ARN)).isEqualTo(RecorderStatus.NO_RECORDER);
            assertThat(recordings.forSession(new SessionInfo("arn:other", "attic", null), () -> { })).isEmpty();
            assertThat(recordings.status("arn:other").state()).as("no stream, no recorder").isEqualTo(State.NONE);

            Recorder recorder = recordings.forSession(DOOR, () -> master.requestKeyframe()).orElseThrow();
            assertThat(recordings.status(CHANNEL_ARN)).isEqualTo(new RecorderStatus(State.IDLE, 0, 0, null));
            recorder.close();
            assertThat(recordings.status(CHANNEL_ARN)).as("a closed recorder is gone")
                    .isEqualTo(RecorderStatus.NO_RECORDER);

            recorder = connectedMaster(recordings);
            assertThat(recordings.status(CHANNEL_ARN).state()).isEqualTo(State.WAITING_FOR_KEYFRAME);
            master.run(0, 1_000);
            assertThat(recordings.status(CHANNEL_ARN).state()).as("from the first keyframe").isEqualTo(State.RECORDING);

            master.keyframeLatencyMillis = -1; // the camera stops answering keyframe requests
            master.run(1_000, 12_000);
            RecorderStatus stalled = recordings.status(CHANNEL_ARN);
            assertThat(stalled.state()).as("the fragment was cut at its longest").isEqualTo(State.WAITING_FOR_KEYFRAME);
            assertThat(stalled.lastError()).contains("stalled", "no keyframe");
            assertThat(stalled.fragmentsSent()).isEqualTo(recorder.counters().fragments).isOne();

            master.keyframeLatencyMillis = 100;
            master.run(12_000, 20_000);
            assertThat(recordings.status(CHANNEL_ARN).state()).isEqualTo(State.RECORDING);
            recorder.masterDisconnected();

            long sent = recorder.counters().fragments;
            assertThat(sent).isGreaterThan(2);
            assertThat(recordings.status(CHANNEL_ARN).state()).isEqualTo(State.IDLE);
            await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                    .until(() -> recordings.status(CHANNEL_ARN).fragmentsAcked() == sent);
            assertThat(store.persisted).hasSize((int) sent);
            assertThat(recordings.status(CHANNEL_ARN)).as("the stall stays the last problem")
                    .isEqualTo(new RecorderStatus(State.IDLE, sent, sent, stalled.lastError()));

            recorder.close();
            assertThat(recordings.status(CHANNEL_ARN)).isEqualTo(RecorderStatus.NO_RECORDER);
        } finally {
            recordings.close();
        }
    }

    @Test
    void aStoreThatRefusesTheUploadIsTheLastErrorAndNothingIsAcknowledged() {
        Recordings recordings = recordings(ClusterAcknowledgingStore.refusing("The stream is not found."),
                "recorder.put-media { close-timeout = 1s, max-fragment-attempts = 1000, "
                        + "backoff { initial = 50ms, max = 200ms } }");
        try {
            Recorder recorder = connectedMaster(recordings);
            master.run(0, 5_000);
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> recordings.status(CHANNEL_ARN).lastError()
                    != null);
            RecorderStatus refused = recordings.status(CHANNEL_ARN);
            assertThat(refused.lastError()).contains("404", "ResourceNotFoundException");
            assertThat(refused.state()).isEqualTo(State.RECORDING);
            assertThat(refused.fragmentsSent()).isPositive();
            assertThat(refused.fragmentsAcked()).isZero();
            assertThat(recordings.health().problem()).as("the delivery health hears it too").isPresent();

            recorder.masterDisconnected(); // the upload gives its fragments up at the close timeout
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> recordings.status(CHANNEL_ARN).lastError()
                    .contains("fragment(s) lost"));
            assertThat(recordings.status(CHANNEL_ARN).fragmentsAcked()).isZero();
            recorder.close();
        } finally {
            recordings.close();
        }
    }
}
