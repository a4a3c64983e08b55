package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.codecs.TestMedia;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hls.js in headless Chromium (PEERS.md: "hls.js in headless Chromium plays HLS with Opus in fMP4") as the browser
 * judge: {@code src/test/js/hls-player.js} plays a GetHLSStreamingSessionURL answer from a page on another origin, so
 * CORS, the master playlist's audio rendition, both media playlists, init segments and fragments all go through a
 * real MSE player; and an MPEG-TS session through hls.js's own transmuxer. Needs Node, {@code npm ci --prefix media-store/src/test/js} and Debian's Chromium.
 */
class HlsJsPlaybackTest {
    private static final Path JS = Path.of("src/test/js").toAbsolutePath();
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 6;
    private static final int PLAY_SECONDS = 5;
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void hlsJsPlaysH264WithOpusFromAnotherOrigin() throws Exception {
        Path node = requireTools();
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<HlsFrame> opus = HlsTestFragments.frames(2, TestMedia.opus(SECONDS, BASE_MILLIS));
        List<JsonObject> events = play(node, video, List.of(
                HlsTrack.h264(1, video.avcC(), TestMedia.WIDTH, TestMedia.HEIGHT),
                HlsTrack.opus(2, TestMedia.opusHead(1))), opus, "FRAGMENTED_MP4");

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1)).isEqualTo("opus");
        JsonObject played = assertPlayed(events);
        assertThat(played.getInteger("audioTracks")).as("the Opus track as an audio rendition").isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithAacInFragmentedMp4() throws Exception {
        Path node = requireTools();
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<HlsFrame> aac = HlsTestFragments.frames(2, TestMedia.aac(dir, SECONDS, BASE_MILLIS));
        List<JsonObject> events = play(node, video, List.of(
                HlsTrack.h264(1, video.avcC(), TestMedia.WIDTH, TestMedia.HEIGHT),
                HlsTrack.aac(2, TestMedia.aacLcStereo48k(), TestMedia.SAMPLE_RATE, TestMedia.CHANNELS)),
                aac, "FRAGMENTED_MP4");

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1))
                .isEqualTo("mp4a.40.2");
        JsonObject played = assertPlayed(events);
        assertThat(played.getInteger("audioTracks")).as("the AAC track as an audio rendition").isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithTheRecordersMonoAacInFragmentedMp4() throws Exception {
        Path node = requireTools();
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        HlsTestFragments.Aac aac = HlsTestFragments.recorderAac(2, SECONDS, BASE_MILLIS);
        List<JsonObject> events = play(node, video, List.of(
                HlsTrack.h264(1, video.avcC(), TestMedia.WIDTH, TestMedia.HEIGHT),
                HlsTrack.aac(2, aac.audioSpecificConfig(), aac.sampleRate(), aac.channels())),
                aac.frames(), "FRAGMENTED_MP4");

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1))
                .isEqualTo("mp4a.40.2");
        JsonObject played = assertPlayed(events);
        assertThat(played.getInteger("audioTracks")).isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithAacInMpegTs() throws Exception {
        Path node = requireTools();
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<HlsFrame> aac = HlsTestFragments.frames(2, TestMedia.aac(dir, SECONDS, BASE_MILLIS));
        List<JsonObject> events = play(node, video, List.of(
                HlsTrack.h264(1, video.avcC(), TestMedia.WIDTH, TestMedia.HEIGHT),
                HlsTrack.aac(2, TestMedia.aacLcStereo48k(), TestMedia.SAMPLE_RATE, TestMedia.CHANNELS)),
                aac, "MPEG_TS");

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1))
                .isEqualTo("mp4a.40.2");
        assertPlayed(events);
    }

    private static Path requireTools() {
        Path node = ExternalTool.require("node", "install Node.js");
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        requireFile(JS.resolve("node_modules/hls.js"), "run: npm ci --prefix media-store/src/test/js");
        requireFile(JS.resolve("node_modules/playwright-core"), "run: npm ci --prefix media-store/src/test/js");
        requireFile(Path.of("/usr/bin/chromium"), "apt-get install chromium");
        return node;
    }

    private List<JsonObject> play(Path node, TestMedia.Video video, List<HlsTrack> tracks, List<HlsFrame> audio,
                                  String container) throws Exception {
        InMemoryHlsSource source = new InMemoryHlsSource(
                new HlsStream(HlsTestServer.STREAM_NAME, HlsTestServer.STREAM_ARN, 24));
        source.tracks(0, tracks);
        source.addAll(HlsTestFragments.fragments(HlsTestFragments.frames(1, video.frames()), audio, 2, 0, 0, 0));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(BASE_MILLIS + 60_000), ZoneOffset.UTC);
        try (HlsTestServer server = new HlsTestServer(source, HlsTestServer.settings(), clock)) {
            double start = BASE_MILLIS / 1000.0;
            String url = server.sessionUrl(new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME)
                    .put("PlaybackMode", "ON_DEMAND").put("ContainerFormat", container)
                    .put("HLSFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                            .put("TimestampRange", new JsonObject().put("StartTimestamp", start)
                                    .put("EndTimestamp", start + SECONDS + 1))));
            List<JsonObject> events = runPlayer(node, url);
            System.out.println("hls.js events (" + container + "): " + events);
            return events;
        }
    }

    /** No hls.js error, the position reached, the picture size, decoded video frames and decoded audio. */
    private static JsonObject assertPlayed(List<JsonObject> events) {
        assertThat(events).filteredOn(e -> "hlsError".equals(e.getString("event"))).as("hls.js errors").isEmpty();
        assertThat(only(events, "manifest").getInteger("levels")).isEqualTo(1);
        JsonObject played = only(events, "played");
        assertThat(played.getDouble("currentTime")).isGreaterThanOrEqualTo(PLAY_SECONDS);
        assertThat(played.getInteger("videoWidth")).isEqualTo(TestMedia.WIDTH);
        assertThat(played.getInteger("videoHeight")).isEqualTo(TestMedia.HEIGHT);
        assertThat(played.getInteger("decodedFrames")).isGreaterThanOrEqualTo(PLAY_SECONDS * TestMedia.FRAME_RATE);
        assertThat(played.getLong("audioBytes")).as("audio decoded by the browser").isPositive();
        assertThat(played.getValue("error")).isNull();
        return played;
    }

    private static JsonObject only(List<JsonObject> events, String name) {
        List<JsonObject> of = events.stream().filter(e -> name.equals(e.getString("event"))).toList();
        assertThat(of).as(name + " in " + events).hasSize(1);
        return of.get(0);
    }

    private List<JsonObject> runPlayer(Path node, String url) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(node.toString(), "hls-player.js").directory(JS.toFile())
                .redirectErrorStream(true);
        builder.environment().put("SESSION_URL", url);
        builder.environment().put("PLAY_SECONDS", String.valueOf(PLAY_SECONDS));
        Process p = builder.start();
        List<JsonObject> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(new JsonObject(line));
                } else {
                    System.out.println("hls-player: " + line);
                }
            }
        } finally {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(events).filteredOn(e -> "scriptError".equals(e.getString("event"))).isEmpty();
        return events;
    }

    private static void requireFile(Path file, String hint) {
        if (!Files.exists(file)) {
            String message = file + " is missing (" + hint + ")";
            if (Boolean.getBoolean("external.required")) {
                org.junit.jupiter.api.Assertions.fail(message + "; -Dexternal.required=true forbids skipping");
            }
            org.junit.jupiter.api.Assumptions.abort("skipped: " + message);
        }
    }
}
