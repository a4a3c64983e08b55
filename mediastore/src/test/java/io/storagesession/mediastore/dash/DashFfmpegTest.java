package io.storagesession.mediastore.dash;

import static io.storagesession.mediastore.FfprobeJson.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ffmpeg's own DASH demuxer as an independent judge (PEERS.md "Judges of media"): real H.264 with AAC or Opus put
 * through PutMedia, an ON_DEMAND session asked with the AWS SDK, and its manifest URL read by ffprobe and played to the
 * end by ffmpeg with {@code -v error} — nothing printed — with every stored frame counted and the codecs and picture
 * size as recorded.
 */
class DashFfmpegTest {
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 6;
    private static final int GOPS_PER_FRAGMENT = 2;
    private static final String STREAM = "dash-probe";

    @TempDir
    Path dir;

    @Test
    void ffprobeAndFfmpegReadAnH264WithAacSessionSilently() throws Exception {
        JsonObject probe = probe(DashTestMedia.Audio.AAC);
        assertThat(stream(probe, "audio").getString("codec_name")).isEqualTo("aac");
        assertThat(stream(probe, "audio").getInteger("channels")).isEqualTo(TestMedia.CHANNELS);
    }

    @Test
    void ffprobeAndFfmpegReadAnH264WithOpusSessionSilently() throws Exception {
        JsonObject probe = probe(DashTestMedia.Audio.OPUS);
        assertThat(stream(probe, "audio").getString("codec_name")).isEqualTo("opus");
        assertThat(stream(probe, "audio").getString("sample_rate")).isEqualTo("48000");
    }

    /** ffprobe's JSON of the session; its video checked here, its audio frame count against what was stored. */
    private JsonObject probe(DashTestMedia.Audio audio) throws Exception {
        requireDashDemuxer();
        TestMkv.Recording recording = DashTestMedia.recording(dir, SECONDS, BASE_MILLIS, audio, GOPS_PER_FRAGMENT);
        try (TestServer server = TestServer.start(dir)) {
            String url = DashTestMedia.onDemandSession(server, STREAM, recording, BASE_MILLIS, SECONDS);

            ExternalTool.Result play = ExternalTool.run(List.of("ffmpeg", "-v", "error", "-i", url, "-map", "0",
                    "-f", "null", "-"));
            assertThat(play.exitCode()).as(play.stderr()).isZero();
            assertThat(play.stderr()).as("ffmpeg's complaints while playing the session").isEmpty();

            ExternalTool.Result probe = ExternalTool.run(List.of("ffprobe", "-v", "error", "-count_packets",
                    "-show_streams", "-show_format", "-of", "json", url));
            assertThat(probe.exitCode()).as(probe.stderr()).isZero();
            assertThat(probe.stderr()).as("ffprobe -v error prints nothing").isEmpty();
            JsonObject json = new JsonObject(new String(probe.stdout(), StandardCharsets.UTF_8));
            System.out.println("ffprobe of the DASH " + audio + " session: " + json.encode());

            JsonObject v = stream(json, "video");
            assertThat(v.getString("codec_name")).isEqualTo("h264");
            assertThat(v.getInteger("width")).isEqualTo(TestMedia.WIDTH);
            assertThat(v.getInteger("height")).isEqualTo(TestMedia.HEIGHT);
            long videoFrames = recording.fragments().stream().flatMap(f -> f.frames().stream())
                    .filter(f -> f.track() == 1).count();
            long audioFrames = recording.fragments().stream().flatMap(f -> f.frames().stream())
                    .filter(f -> f.track() == 2).count();
            assertThat(v.getString("nb_read_packets")).isEqualTo(String.valueOf(videoFrames));
            assertThat(stream(json, "audio").getString("nb_read_packets")).isEqualTo(String.valueOf(audioFrames));
            return json;
        }
    }

    /** Debian's ffmpeg has the DASH demuxer (it needs libxml2); a build without it cannot judge. */
    private static void requireDashDemuxer() throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        ExternalTool.require("ffprobe", "apt-get install ffmpeg");
        ExternalTool.Result demuxers = ExternalTool.run(List.of("ffprobe", "-hide_banner", "-demuxers"));
        boolean dash = new String(demuxers.stdout(), StandardCharsets.UTF_8).lines()
                .anyMatch(l -> l.trim().matches("D\\S*\\s+dash\\s.*"));
        if (!dash) {
            ExternalTool.unavailable("this ffmpeg has no DASH demuxer (build it with libxml2)");
        }
    }
}
