package io.storagesession.mediastore.hls;

import static io.storagesession.mediastore.BrowserPlayback.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.BrowserPlayback;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hls.js in headless Chromium (PEERS.md: "hls.js in headless Chromium plays HLS with Opus in fMP4") as the browser
 * judge: {@code src/test/js/hls-player.js} plays a GetHLSStreamingSessionURL answer from a page on another origin, so
 * CORS, the master playlist's audio rendition, both media playlists, init segments and fragments all go through a
 * real MSE player; and an MPEG-TS session through hls.js's own transmuxer. Needs what {@link BrowserPlayback} needs.
 */
class HlsJsPlaybackTest {
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 6;
    private static final int PLAY_SECONDS = 5;
    private static final String AAC_LC = "mp4a.40.2";

    @TempDir
    Path dir;

    @Test
    void hlsJsPlaysH264WithOpusFromAnotherOrigin() throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("hls.js");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<ArchivedFrame> opus = HlsTestFragments.frames(2, TestMedia.opus(SECONDS, BASE_MILLIS));
        List<JsonObject> events = play(browser, video, ArchivedTrack.opus(2, TestMedia.opusHead(1)), opus,
                "FRAGMENTED_MP4");

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1)).isEqualTo("opus");
        JsonObject played = assertPlayed(events);
        assertThat(played.getInteger("audioTracks")).as("the Opus track as an audio rendition").isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithAacInFragmentedMp4() throws Exception {
        JsonObject played = playFfmpegAac("FRAGMENTED_MP4");
        assertThat(played.getInteger("audioTracks")).as("the AAC track as an audio rendition").isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithTheRecordersMonoAacInFragmentedMp4() throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("hls.js");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        HlsTestFragments.Aac aac = HlsTestFragments.recorderAac(2, SECONDS, BASE_MILLIS);
        List<JsonObject> events = play(browser, video,
                ArchivedTrack.aac(2, aac.audioSpecificConfig(), aac.sampleRate(), aac.channels()), aac.frames(),
                "FRAGMENTED_MP4");

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1)).isEqualTo(AAC_LC);
        JsonObject played = assertPlayed(events);
        assertThat(played.getInteger("audioTracks")).isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithAacInMpegTs() throws Exception {
        playFfmpegAac("MPEG_TS");
    }

    /** H.264 with ffmpeg's AAC LC stereo in {@code container}: the audio codec the manifest declares, and playback. */
    private JsonObject playFfmpegAac(String container) throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("hls.js");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<ArchivedFrame> aac = HlsTestFragments.frames(2, TestMedia.aac(dir, SECONDS, BASE_MILLIS));
        List<JsonObject> events = play(browser, video,
                ArchivedTrack.aac(2, TestMedia.aacLcStereo48k(), TestMedia.SAMPLE_RATE, TestMedia.CHANNELS), aac,
                        container);

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1)).isEqualTo(AAC_LC);
        return assertPlayed(events);
    }

    /** hls.js's events playing an ON_DEMAND session of {@code video} as track 1 and {@code audio} as track 2. */
    private List<JsonObject> play(BrowserPlayback browser, TestMedia.Video video, ArchivedTrack audioTrack,
                                  List<ArchivedFrame> audio, String container) throws Exception {
        InMemoryArchiveSource source = new InMemoryArchiveSource(
                new ArchivedStream(HlsTestServer.STREAM_NAME, HlsTestServer.STREAM_ARN, 24));
        source.tracks(0, List.of(ArchivedTrack.h264(1, video.avcC(), TestMedia.WIDTH, TestMedia.HEIGHT), audioTrack));
        source.addAll(HlsTestFragments.fragments(HlsTestFragments.frames(1, video.frames()), audio, 2, 0, 0, 0));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(BASE_MILLIS + 60_000), ZoneOffset.UTC);
        try (HlsTestServer server = new HlsTestServer(source, HlsTestServer.settings(), clock)) {
            double start = BASE_MILLIS / 1000.0;
            String url = server.sessionUrl(new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME)
                    .put("PlaybackMode", "ON_DEMAND").put("ContainerFormat", container)
                    .put("HLSFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                            .put("TimestampRange", new JsonObject().put("StartTimestamp", start)
                                    .put("EndTimestamp", start + SECONDS + 1))));
            return browser.play("hls-player.js", url, PLAY_SECONDS);
        }
    }

    /** No hls.js error, the position reached, the picture size, decoded video frames and decoded audio. */
    private static JsonObject assertPlayed(List<JsonObject> events) {
        BrowserPlayback.assertNone(events, "hlsError", "hls.js errors");
        assertThat(only(events, "manifest").getInteger("levels")).isEqualTo(1);
        JsonObject played = only(events, "played");
        assertThat(played.getDouble("currentTime")).isGreaterThanOrEqualTo(PLAY_SECONDS);
        BrowserPlayback.assertPicturesAndSound(played, PLAY_SECONDS);
        return played;
    }
}
