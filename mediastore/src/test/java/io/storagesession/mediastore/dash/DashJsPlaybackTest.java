package io.storagesession.mediastore.dash;

import static io.storagesession.mediastore.BrowserPlayback.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.BrowserPlayback;
import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.DASHPlaybackMode;

/**
 * dash.js in headless Chromium as the browser judge: real H.264 with Opus or AAC, put through PutMedia into the store,
 * the session URL asked with the AWS SDK, and {@code src/test/js/dash-player.js} playing it from a page on another
 * origin — so CORS, the MPD, both AdaptationSets, init segments and fragments all go through a real MSE player: an
 * ON_DEMAND session (static MPD) and a LIVE one (dynamic MPD, reloaded while the upload goes on in real time). Needs
 * what {@link BrowserPlayback} needs.
 */
class DashJsPlaybackTest {
    private static final long BASE_MILLIS = 1_763_800_000_000L;
    private static final int SECONDS = 6;
    private static final int PLAY_SECONDS = 4;
    private static final int LIVE_SECONDS = 20;
    /** Fragments the LIVE upload puts before the player starts: a live window worth of them. */
    private static final int LIVE_LEAD_FRAGMENTS = 5;
    private static final long MILLIS = 1000;
    private static final String STREAM = "dash-player";

    @TempDir
    Path dir;

    @Test
    void dashJsPlaysAnOnDemandSessionOfH264WithOpusFromAnotherOrigin() throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("dashjs");
        TestMkv.Recording recording = DashTestMedia.recording(dir, SECONDS, BASE_MILLIS, DashTestMedia.Audio.OPUS, 2);
        try (TestServer server = TestServer.start(dir)) {
            String url = DashTestMedia.onDemandSession(server, STREAM, recording, BASE_MILLIS, SECONDS);
            List<JsonObject> events = browser.play("dash-player.js", url, PLAY_SECONDS);

            JsonObject stream = only(events, "streamInitialized");
            assertThat(stream.getBoolean("dynamic")).isFalse();
            assertThat(stream.getJsonArray("audio").getString(0)).contains("opus");
            JsonObject played = assertPlayed(events);
            assertThat(played.getDouble("startedAt")).as("a static presentation starts at 0").isLessThan(1.0);
        }
    }

    @Test
    void dashJsPlaysALiveSessionOfH264WithAacWhileItIsRecorded() throws Exception {
        BrowserPlayback browser = BrowserPlayback.require("dashjs");
        long start = System.currentTimeMillis();
        TestMkv.Recording recording = DashTestMedia.recording(dir, LIVE_SECONDS, start, DashTestMedia.Audio.AAC, 1);
        try (TestServer server = TestServer.start(dir)) {
            server.createStream(STREAM, 24);
            PutMediaTestClient.OpenUpload upload = PutMediaTestClient.open(server.vertx, server.uri(),
                    PutMediaTestClient.headers(STREAM));
            CompletableFuture<Void> paced = CompletableFuture.runAsync(() -> pace(upload, recording));
            try {
                Awaitility.await().atMost(LIVE_SECONDS, TimeUnit.SECONDS)
                        .until(() -> upload.of(AckEvent.Type.PERSISTED).size() >= LIVE_LEAD_FRAGMENTS);
                String url;
                try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
                    url = client.getDASHStreamingSessionURL(b -> b.streamName(STREAM)
                            .playbackMode(DASHPlaybackMode.LIVE).maxManifestFragmentResults(10L))
                            .dashStreamingSessionURL();
                }
                List<JsonObject> events = browser.play("dash-player.js", url, PLAY_SECONDS);

                JsonObject stream = only(events, "streamInitialized");
                assertThat(stream.getBoolean("dynamic")).isTrue();
                assertThat(stream.getJsonArray("audio").getString(0)).contains("mp4a.40.2");
                JsonObject played = assertPlayed(events);
                assertThat(played.getDouble("startedAt")).as("live playback starts near the newest fragment, at "
                        + "epoch time on the server timeline").isGreaterThan(start / (double) MILLIS);
            } finally {
                paced.cancel(true);
                upload.close();
            }
        }
    }

    /** Writes the recording as a camera would: each fragment when its time has come. */
    private static void pace(PutMediaTestClient.OpenUpload upload, TestMkv.Recording recording) {
        upload.write(recording.header());
        long origin = recording.fragments().get(0).timecode();
        long wallOrigin = System.currentTimeMillis();
        for (int i = 0; i < recording.fragments().size(); i++) {
            long due = wallOrigin + recording.fragments().get(i).timecode() - origin;
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            upload.write(recording.fragmentBytes().get(i));
        }
        upload.end();
    }

    /** No dash.js error nor failed load, the position advanced, the picture size, decoded video frames and audio. */
    private static JsonObject assertPlayed(List<JsonObject> events) {
        BrowserPlayback.assertNone(events, "dashError", "dash.js errors");
        BrowserPlayback.assertNone(events, "failedLoad", "HTTP errors");
        JsonObject played = only(events, "played");
        assertThat(played.getValue("startedAt")).as("playback began").isNotNull();
        assertThat(played.getDouble("currentTime") - played.getDouble("startedAt")).as("position advanced")
                .isGreaterThanOrEqualTo(PLAY_SECONDS);
        BrowserPlayback.assertPicturesAndSound(played, PLAY_SECONDS);
        return played;
    }
}
