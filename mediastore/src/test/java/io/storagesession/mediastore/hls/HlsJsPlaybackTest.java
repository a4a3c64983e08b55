package io.storagesession.mediastore.hls;

import static io.storagesession.mediastore.BrowserPlayback.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.BrowserPlayback;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.VideoTrack;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ContainerFormat;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;

/**
 * hls.js in headless Chromium (PEERS.md: "hls.js in headless Chromium plays HLS with Opus in fMP4") as the browser
 * judge of the store's HLS: real H.264 with Opus or AAC put through PutMedia into the store ({@link StoredRecording}),
 * the session URL asked with the AWS SDK, and {@code src/test/js/hls-player.js} playing it from a page on another
 * origin, so CORS, the master playlist's audio rendition, both media playlists, init segments and fragments all come
 * from the store's own routes through a real MSE player; and an MPEG-TS session through hls.js's own transmuxer.
 * Needs what {@link BrowserPlayback} needs.
 */
class HlsJsPlaybackTest {
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 6;
    private static final int PLAY_SECONDS = 5;
    private static final String AAC_LC = "mp4a.40.2";
    private static final int KEYFRAMES_PER_FRAGMENT = 2;

    @TempDir
    Path dir;

    @Test
    void hlsJsPlaysH264WithOpusFromAnotherOrigin() throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("hls.js");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<ArchivedFrame> opus = HlsTestFragments.frames(2, TestMedia.opus(SECONDS, BASE_MILLIS));
        List<JsonObject> events = play(browser, video, AudioTrack.opus(1), opus, ContainerFormat.FRAGMENTED_MP4);

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1)).isEqualTo("opus");
        JsonObject played = assertPlayed(events);
        assertThat(played.getInteger("audioTracks")).as("the Opus track as an audio rendition").isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithAacInFragmentedMp4() throws Exception {
        JsonObject played = playFfmpegAac(ContainerFormat.FRAGMENTED_MP4);
        assertThat(played.getInteger("audioTracks")).as("the AAC track as an audio rendition").isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithTheRecordersMonoAacInFragmentedMp4() throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("hls.js");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        HlsTestFragments.Aac aac = HlsTestFragments.recorderAac(2, SECONDS, BASE_MILLIS);
        List<JsonObject> events = play(browser, video, aac.track(), aac.frames(), ContainerFormat.FRAGMENTED_MP4);

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1)).isEqualTo(AAC_LC);
        JsonObject played = assertPlayed(events);
        assertThat(played.getInteger("audioTracks")).isEqualTo(1);
    }

    @Test
    void hlsJsPlaysH264WithAacInMpegTs() throws Exception {
        playFfmpegAac(ContainerFormat.MPEG_TS);
    }

    /** H.264 with ffmpeg's AAC LC stereo in {@code container}: the audio codec the manifest declares, and playback. */
    private JsonObject playFfmpegAac(ContainerFormat container) throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("hls.js");
        TestMedia.Video video = TestMedia.h264(dir, SECONDS, BASE_MILLIS);
        List<ArchivedFrame> aac = HlsTestFragments.frames(2, TestMedia.aac(dir, SECONDS, BASE_MILLIS));
        List<JsonObject> events = play(browser, video, AudioTrack.aacLc(TestMedia.SAMPLE_RATE, TestMedia.CHANNELS), aac,
                container);

        assertThat(only(events, "manifest").getJsonArray("codecs").getJsonArray(0).getString(1)).isEqualTo(AAC_LC);
        return assertPlayed(events);
    }

    /**
     * hls.js's events playing an ON_DEMAND session, in {@code container}, of {@code video} as track 1 and
     * {@code audio} as track 2, stored through PutMedia.
     */
    private List<JsonObject> play(BrowserPlayback browser, TestMedia.Video video, AudioTrack audioTrack,
                                  List<ArchivedFrame> audio, ContainerFormat container) throws Exception {
        TestMkv.Recording recording = HlsTestFragments.recording(
                new VideoTrack(TestMedia.WIDTH, TestMedia.HEIGHT, video.avcC()), audioTrack,
                HlsTestFragments.frames(1, video.frames()), audio, KEYFRAMES_PER_FRAGMENT);
        try (StoredRecording stored = StoredRecording.put(dir, recording, 0)) {
            String url = stored.sessionUrl(StoredRecording.onDemand(HLSFragmentSelectorType.PRODUCER_TIMESTAMP,
                    BASE_MILLIS, SECONDS).andThen(b -> b.containerFormat(container)));
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
