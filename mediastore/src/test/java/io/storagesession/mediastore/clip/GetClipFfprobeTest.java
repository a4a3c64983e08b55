package io.storagesession.mediastore.clip;

import static io.storagesession.mediastore.FfprobeJson.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelector;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetClipResponse;

/**
 * ffprobe and ffmpeg as independent judges of GetClip's MP4: real H.264 (ffmpeg's libx264) with real AAC (ffmpeg's
 * encoder) or Opus (the project's encoder), uploaded through PutMedia in 2 s fragments, fetched with the AWS SDK's
 * {@code getClip}, then probed and decoded with {@code -v error}: nothing may be printed, the codecs must be h264 and
 * aac or opus, every frame of the selected fragments must be there, and the clip must last as long as those
 * fragments, within one video frame.
 */
class GetClipFfprobeTest {
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 8;
    private static final int KEYFRAMES_PER_FRAGMENT = 2;
    private static final double FRAME_SECONDS = 1.0 / TestMedia.FRAME_RATE;
    private static final double MILLIS_PER_SECOND = 1000.0;

    @TempDir
    Path dir;

    @Test
    void ffprobeReadsH264WithAacOfTheFragmentsInAProducerRange() throws Exception {
        ExternalTool.require("ffprobe", "apt-get install ffmpeg");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<TestMedia.Frame> aac = TestMedia.aac(dir, SECONDS, BASE_MILLIS);
        ClipTestMedia.Upload upload = ClipTestMedia.upload(
                new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, video.avcC()),
                AudioTrack.aacLc(TestMedia.SAMPLE_RATE, TestMedia.CHANNELS), video.frames(), aac,
                KEYFRAMES_PER_FRAGMENT);
        List<Long> starts = upload.fragmentStarts();
        assertThat(starts).hasSize(SECONDS / KEYFRAMES_PER_FRAGMENT);

        // fragments 1 and 2: the range ends exactly where fragment 2 starts (inclusive)
        byte[] clip = fetch(upload, () -> r -> r.fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(starts.get(1)))
                        .endTimestamp(Instant.ofEpochMilli(starts.get(2)))));

        JsonObject probe = probe(clip);
        long from = starts.get(1);
        long to = starts.get(3);
        assertThat(stream(probe, "video").getString("codec_name")).isEqualTo("h264");
        assertThat(stream(probe, "video").getInteger("width")).isEqualTo(TestMedia.WIDTH);
        assertThat(stream(probe, "video").getString("nb_read_packets"))
                .isEqualTo(String.valueOf(count(video.frames(), from, to)));
        assertThat(stream(probe, "audio").getString("codec_name")).isEqualTo("aac");
        assertThat(stream(probe, "audio").getString("nb_read_packets")).isEqualTo(String.valueOf(count(aac, from, to)));
        assertThat(duration(probe)).isCloseTo((to - from) / MILLIS_PER_SECOND, within(FRAME_SECONDS));
    }

    @Test
    void ffprobeReadsH264WithOpusOfEveryFragmentInAServerRange() throws Exception {
        ExternalTool.require("ffprobe", "apt-get install ffmpeg");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<TestMedia.Frame> opus = TestMedia.opus(SECONDS, BASE_MILLIS);
        ClipTestMedia.Upload upload = ClipTestMedia.upload(
                new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, video.avcC()), AudioTrack.opus(1), video.frames(),
                opus, KEYFRAMES_PER_FRAGMENT);

        // the range is taken once the upload is stored: SERVER_TIMESTAMP ranges must end in the past
        byte[] clip = fetch(upload, () -> {
            long now = System.currentTimeMillis();
            return r -> r.fragmentSelectorType(ClipFragmentSelectorType.SERVER_TIMESTAMP)
                    .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(now - 60_000))
                            .endTimestamp(Instant.ofEpochMilli(now)));
        });

        JsonObject probe = probe(clip);
        assertThat(stream(probe, "video").getString("codec_name")).isEqualTo("h264");
        assertThat(stream(probe, "video").getString("nb_read_packets"))
                .isEqualTo(String.valueOf(video.frames().size()));
        assertThat(stream(probe, "audio").getString("codec_name")).isEqualTo("opus");
        assertThat(stream(probe, "audio").getInteger("channels")).isEqualTo(1);
        assertThat(stream(probe, "audio").getString("nb_read_packets")).isEqualTo(String.valueOf(opus.size()));
        assertThat(duration(probe)).isCloseTo(SECONDS, within(FRAME_SECONDS));
    }

    private byte[] fetch(ClipTestMedia.Upload upload, Supplier<Consumer<ClipFragmentSelector.Builder>> selector)
            throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("store"));
             KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            server.createStream("garden", 24);
            PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                    PutMediaTestClient.headers("garden"), upload.body(), 8192);
            assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(upload.fragmentStarts().size());
            ResponseBytes<GetClipResponse> clip = client.getClip(q -> q.streamName("garden")
                    .clipFragmentSelector(selector.get()), ResponseTransformer.toBytes());
            assertThat(clip.response().contentType()).isEqualTo("video/mp4");
            return clip.asByteArray();
        }
    }

    /** ffprobe's streams and format of the clip; ffprobe and a full ffmpeg decode must print nothing at -v error. */
    private JsonObject probe(byte[] clip) throws Exception {
        Path file = dir.resolve("clip.mp4");
        Files.write(file, clip);
        ExternalTool.Result probe = ExternalTool.run(List.of("ffprobe", "-v", "error", "-count_packets",
                "-show_streams", "-show_format", "-of", "json", file.toString()));
        assertThat(probe.exitCode()).as(probe.stderr()).isZero();
        assertThat(probe.stderr()).as("ffprobe's complaints about the clip").isEmpty();
        ExternalTool.Result decode = ExternalTool.run(List.of("ffmpeg", "-v", "error", "-i", file.toString(),
                "-f", "null", "-"));
        assertThat(decode.exitCode()).as(decode.stderr()).isZero();
        assertThat(decode.stderr()).as("ffmpeg's complaints while decoding the clip").isEmpty();
        JsonObject json = new JsonObject(new String(probe.stdout(), StandardCharsets.UTF_8));
        System.out.println("ffprobe of the clip: " + json.encode());
        return json;
    }

    private static double duration(JsonObject probe) {
        return Double.parseDouble(probe.getJsonObject("format").getString("duration"));
    }

    private static long count(List<TestMedia.Frame> frames, long from, long to) {
        return frames.stream().filter(f -> f.timecodeMillis() >= from && f.timecodeMillis() < to).count();
    }
}
