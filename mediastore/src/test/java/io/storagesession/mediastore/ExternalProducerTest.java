package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.registry.Stream;
import io.storagesession.codecs.ExternalTool;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.StoredFragment;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.AckEvent;
import io.storagesession.recorder.putmedia.AckParser;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * PutMedia of MKV this project did not write: Matroska made by ffmpeg (libx264 with a keyframe every second, AAC,
 * a Cluster per second, so a Cluster per keyframe), uploaded by curl with its own SigV4 signer and a chunked body —
 * nothing of ours on the producer side. Then read back through GetMedia with AWS's parser.
 */
class ExternalProducerTest {
    private static final int SECONDS = 6;
    private static final int FRAME_RATE = 30;
    private static final int ACK_BYTES = 4096;
    /**
     * Audio ends just before the last video frame: a longer tail would make ffmpeg write a last Cluster of audio only,
     * which KVS refuses (ErrorId 4011, a declared track without a frame).
     */
    private static final String AUDIO_SECONDS = "5.95";

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        ExternalTool.require("curl", "apt-get install curl");
        server = TestServer.start(dir.resolve("data"), "media-store.read.get-media-idle-timeout = 1s");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ffmpegMatroskaUploadedByCurlIsPersistedFragmentByFragmentAndReadBack() throws Exception {
        Stream stream = server.createStream("ffmpeg-camera", 2);
        Path mkv = dir.resolve("camera.mkv");
        ExternalTool.Result made = ExternalTool.run(List.of("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=" + FRAME_RATE + ":duration=" + SECONDS, "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000:duration=" + AUDIO_SECONDS, "-c:v", "libx264", "-preset", "ultrafast",
                "-g", String.valueOf(FRAME_RATE), "-keyint_min", String.valueOf(FRAME_RATE), "-sc_threshold", "0",
                "-bf", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-cluster_time_limit", "1000", "-f", "matroska",
                mkv.toString()));
        assertThat(made.exitCode()).as(made.stderr()).isZero();

        long start = System.currentTimeMillis();
        String startHeader = start / 1000 + "." + start % 1000;
        // curl's --aws-sigv4 signs the SHA-256 of the whole body unless told otherwise; a streaming PutMedia server
        // cannot check that before the body arrives, so curl is told UNSIGNED-PAYLOAD, as the Java producer signs.
        ExternalTool.Result uploaded = ExternalTool.run(List.of("curl", "-sS", "--fail-with-body",
                "--aws-sigv4", "aws:amz:us-west-2:kinesisvideo",
                "--user", TestServer.KEY.accessKeyId() + ":" + TestServer.KEY.secretAccessKey(),
                "-H", "Transfer-Encoding: chunked", "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                "-H", "x-amzn-stream-name: ffmpeg-camera", "-H", "x-amzn-fragment-timecode-type: RELATIVE",
                "-H", "x-amzn-producer-start-timestamp: " + startHeader,
                "--data-binary", "@" + mkv, server.uri() + "/putMedia"));
        assertThat(uploaded.exitCode()).as(uploaded.stderr()).isZero();
        List<AckEvent> acks = new AckParser(ACK_BYTES).feed(Buffer.buffer(uploaded.stdout()));
        assertThat(acks).as(new String(uploaded.stdout())).noneMatch(a -> a.type() == AckEvent.Type.ERROR);
        List<AckEvent> persisted = acks.stream().filter(a -> a.type() == AckEvent.Type.PERSISTED).toList();
        assertThat(persisted).hasSizeBetween(SECONDS - 1, SECONDS + 1);

        List<FragmentInfo> fragments = server.mediaStore.store().list(stream.arn(), TimestampKind.PRODUCER_TIMESTAMP,
                0, Long.MAX_VALUE, 100);
        assertThat(fragments).hasSameSizeAs(persisted);
        assertThat(fragments.get(0).producerTimestampMillis()).isBetween(start, start + 100);
        int videoFrames = 0;
        for (FragmentInfo f : fragments) {
            StoredFragment stored = server.mediaStore.store().read(stream.arn(), f.number()).orElseThrow();
            assertThat(stored.tracks()).extracting(t -> t.codecId()).containsExactly("V_MPEG4/ISO/AVC", "A_AAC");
            assertThat(stored.frames().get(0).keyframe()).as("each fragment starts with a keyframe").isTrue();
            videoFrames += (int) stored.frames().stream().filter(fr -> fr.track() == 1).count();
        }
        assertThat(videoFrames).isEqualTo(SECONDS * FRAME_RATE);

        try (KinesisVideoMediaClient media = server.media()) {
            byte[] body = media.getMedia(r -> r.streamName("ffmpeg-camera")
                    .startSelector(s -> s.startSelectorType(StartSelectorType.EARLIEST)), ResponseTransformer.toBytes())
                    .asByteArray();
            List<AwsMkvReading.Chunk> chunks = AwsMkvReading.read(body);
            assertThat(chunks).hasSameSizeAs(fragments);
            assertThat(chunks.stream().mapToLong(c -> c.frames().stream().filter(fr -> fr.track() == 1).count()).sum())
                    .isEqualTo(SECONDS * FRAME_RATE);
        }
    }
}
