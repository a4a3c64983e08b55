package io.storagesession.mediastore.hls;

import static io.storagesession.mediastore.FfprobeJson.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.VideoTrack;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ContainerFormat;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSDiscontinuityMode;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSDisplayFragmentTimestamp;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;

/**
 * ffmpeg and ffprobe as independent judges (PEERS.md "Judges of media"): a recording of real H.264 with real Opus
 * (the project's OpusEncoder), and one with AAC, put through PutMedia into the store ({@link StoredRecording}), the
 * session URL asked with the AWS SDK, and played from it by ffmpeg's HLS demuxer — the store's master playlist,
 * per-track media playlists, init and media fragments — with no complaint on stderr, and probed for codecs, picture
 * size, duration and every frame.
 */
class HlsPlaybackFfmpegTest {
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 6;
    private static final int KEYFRAMES_PER_FRAGMENT = 2;
    private static final long SERVER_SKEW_MILLIS = 700;
    private static final long TIMEOUT_SECONDS = 120;
    private static final AudioTrack STEREO_AAC = AudioTrack.aacLc(TestMedia.SAMPLE_RATE, TestMedia.CHANNELS);

    @TempDir
    Path dir;

    @Test
    void ffmpegPlaysH264WithOpusOnDemandWithoutErrors() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<ArchivedFrame> opus = HlsTestFragments.frames(2, TestMedia.opus(SECONDS, BASE_MILLIS));
        JsonObject probe = playAndProbe(video, AudioTrack.opus(1), opus, HLSFragmentSelectorType.PRODUCER_TIMESTAMP,
                ContainerFormat.FRAGMENTED_MP4);

        JsonObject v = stream(probe, "video");
        JsonObject a = stream(probe, "audio");
        assertThat(v.getString("codec_name")).isEqualTo("h264");
        assertThat(v.getInteger("width")).isEqualTo(TestMedia.WIDTH);
        assertThat(v.getInteger("height")).isEqualTo(TestMedia.HEIGHT);
        assertThat(v.getString("nb_read_packets")).isEqualTo(String.valueOf(video.frames().size()));
        assertThat(a.getString("codec_name")).isEqualTo("opus");
        assertThat(a.getString("sample_rate")).isEqualTo("48000");
        assertThat(a.getInteger("channels")).isEqualTo(1);
        assertThat(a.getString("nb_read_packets")).isEqualTo(String.valueOf(opus.size()));
    }

    @Test
    void ffmpegPlaysH264WithAacOnServerTimestampsWithoutErrors() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<ArchivedFrame> aac = HlsTestFragments.frames(2, TestMedia.aac(dir, SECONDS, BASE_MILLIS));
        JsonObject probe = playAndProbe(video, STEREO_AAC, aac, HLSFragmentSelectorType.SERVER_TIMESTAMP,
                ContainerFormat.FRAGMENTED_MP4);

        JsonObject v = stream(probe, "video");
        JsonObject a = stream(probe, "audio");
        assertThat(v.getString("codec_name")).isEqualTo("h264");
        assertThat(v.getString("nb_read_packets")).isEqualTo(String.valueOf(video.frames().size()));
        assertThat(a.getString("codec_name")).isEqualTo("aac");
        assertThat(a.getString("profile")).isEqualTo("LC");
        assertThat(a.getInteger("channels")).isEqualTo(2);
        // AAC frames starting after the last video frame's end belong to no fragment (fragments follow the video)
        long stored = aac.stream().filter(f -> f.timecodeMillis() < BASE_MILLIS + SECONDS * 1000L).count();
        assertThat(a.getString("nb_read_packets")).isEqualTo(String.valueOf(stored));
    }

    @Test
    void ffmpegPlaysH264WithTheRecordersMonoAacWithoutErrors() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        HlsTestFragments.Aac aac = HlsTestFragments.recorderAac(2, SECONDS, BASE_MILLIS);
        JsonObject probe = playAndProbe(video, aac.track(), aac.frames(), HLSFragmentSelectorType.PRODUCER_TIMESTAMP,
                ContainerFormat.FRAGMENTED_MP4);

        JsonObject a = stream(probe, "audio");
        assertThat(a.getString("codec_name")).isEqualTo("aac");
        assertThat(a.getString("profile")).isEqualTo("LC");
        assertThat(a.getInteger("channels")).isEqualTo(1);
        // the priming frame before the first keyframe is in the first fragment, as the recorder stores it
        long stored = aac.frames().stream().filter(f -> f.timecodeMillis() < BASE_MILLIS + SECONDS * 1000L).count();
        assertThat(a.getString("nb_read_packets")).isEqualTo(String.valueOf(stored));
    }

    @Test
    void ffmpegPlaysH264WithAacInMpegTsWithoutErrors() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<ArchivedFrame> aac = HlsTestFragments.frames(2, TestMedia.aac(dir, SECONDS, BASE_MILLIS));
        JsonObject probe = playAndProbe(video, STEREO_AAC, aac, HLSFragmentSelectorType.PRODUCER_TIMESTAMP,
                ContainerFormat.MPEG_TS);

        JsonObject v = stream(probe, "video");
        JsonObject a = stream(probe, "audio");
        assertThat(v.getString("codec_name")).isEqualTo("h264");
        assertThat(v.getInteger("width")).isEqualTo(TestMedia.WIDTH);
        assertThat(v.getString("nb_read_packets")).isEqualTo(String.valueOf(video.frames().size()));
        assertThat(a.getString("codec_name")).isEqualTo("aac");
        assertThat(a.getInteger("channels")).isEqualTo(2);
        long stored = aac.stream().filter(f -> f.timecodeMillis() < BASE_MILLIS + SECONDS * 1000L).count();
        assertThat(a.getString("nb_read_packets")).isEqualTo(String.valueOf(stored));
    }

    /**
     * Stores {@code video} (track 1) and {@code audio} (track 2) through PutMedia, plays the ON_DEMAND session of all
     * of it on {@code timeline} in {@code container} with ffmpeg, and returns ffprobe's report of the session.
     */
    private JsonObject playAndProbe(TestMedia.Video video, AudioTrack audioTrack, List<ArchivedFrame> audio,
                                    HLSFragmentSelectorType timeline, ContainerFormat container) throws Exception {
        TestMkv.Recording recording = HlsTestFragments.recording(
                new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, video.avcC()), audioTrack,
                HlsTestFragments.frames(1, video.frames()), audio, KEYFRAMES_PER_FRAGMENT);
        try (StoredRecording stored = StoredRecording.put(dir, recording, SERVER_SKEW_MILLIS)) {
            String url = stored.sessionUrl(StoredRecording.onDemand(timeline, BASE_MILLIS, SECONDS).andThen(b -> b
                    .containerFormat(container).discontinuityMode(HLSDiscontinuityMode.NEVER)
                    .displayFragmentTimestamp(HLSDisplayFragmentTimestamp.ALWAYS)));
            assertThat(url).startsWith(stored.server.uri() + "/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=");

            Result play = run("ffmpeg", "-v", "error", "-i", url, "-f", "null", "-");
            assertThat(play.exit).as(play.stderr).isZero();
            assertThat(play.stderr).as("ffmpeg's complaints while playing the session").isEmpty();

            Result probe = run("ffprobe", "-v", "error", "-count_packets", "-show_streams", "-show_format",
                    "-of", "json", url);
            assertThat(probe.exit).as(probe.stderr).isZero();
            assertThat(probe.stderr).isEmpty();
            JsonObject json = new JsonObject(probe.stdout);
            System.out.println("ffprobe of the " + timeline + " " + container + " session: " + json.encode());
            double duration = Double.parseDouble(json.getJsonObject("format").getString("duration"));
            assertThat(duration).isBetween(SECONDS - 0.1, SECONDS + 0.1);
            return json;
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(String... command) throws Exception {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    }
}
