package io.storagesession.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.RunningServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelInfo;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfiguration;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;

/**
 * The web console in a real browser, against the real server (its embedded TURN and media store): headless Chromium
 * signs in through the form, creates and links a channel and a stream, is the channel's camera in one tab (Chromium's
 * fake camera and microphone) and watches it live in another — frames decoded and audio energy read from the page's
 * getStats figures —, finds the recording, plays it over HLS and downloads a clip that ffprobe reads as H.264. The
 * same walk proves what others get: a wrong secret (no cookie), no cookie (401/403) and a forged cross-origin POST
 * (nothing created, the session not ended). What the page did is checked again on the server with the AWS SDK.
 * Screenshots of every page at desktop and phone widths land in {@code target/console-screenshots}.
 */
class ConsoleBrowserTest {
    private static final Duration WALK = Duration.ofMinutes(5);
    private static final String CHANNEL = "console-door";
    private static final String STREAM = "console-door-recording";
    private static final String FORGED = "forged-door";
    private static final List<String> PAGES = List.of("sign-in", "sign-in-refused", "channels", "live", "recordings",
            "server");
    /** The server page's charts: sessions, ingest, CPU, heap, problems. */
    private static final int CHARTS = 5;
    private static final List<String> WIDTHS = List.of("desktop", "phone");
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    @TempDir
    Path dataDir;

    @Test
    void anOperatorRunsTheConsoleInABrowserAndStrangersGetNothing() throws Exception {
        Path node = ConsoleWalkthrough.requireTools();
        ExternalTool.require("ffprobe", "apt-get install ffmpeg");
        Path clip = dataDir.resolve("clip.mp4");
        try (RunningServer server = new RunningServer(dataDir, Map.of());
             ConsoleWalkthrough walk = ConsoleWalkthrough.start(node, Map.of(
                     "BASE_URL", server.uri().toString().replaceFirst("/$", ""),
                     "ACCESS_KEY_ID", server.key.accessKeyId(), "SECRET_ACCESS_KEY", server.key.secretAccessKey(),
                     "CHANNEL", CHANNEL, "STREAM", STREAM, "FORGED_CHANNEL", FORGED,
                     "SCREENSHOT_DIR", SCREENSHOTS.toString(), "CLIP_PATH", clip.toString()))) {
            assertThat(walk.awaitEnd(WALK)).as("the walkthrough ended within %s; its output:\n%s", WALK, walk)
                    .isTrue();
            assertThat(walk.events("scriptError")).as("the walkthrough's output:\n%s", walk).isEmpty();
            assertThat(walk.exitCode()).as("the walkthrough's output:\n%s", walk).isZero();

            JsonObject refused = walk.event("wrongSecret");
            assertThat(refused.getString("error")).containsIgnoringCase("wrong");
            assertThat(refused.getInteger("cookies")).as("cookies after a wrong secret").isZero();
            assertThat(refused.getBoolean("secretFieldEmpty")).isTrue();
            JsonObject stranger = walk.event("unauthenticated");
            assertThat(stranger.getInteger("live")).isEqualTo(401);
            assertThat(stranger.getString("liveBody")).contains("MissingAuthenticationTokenException");
            assertThat(stranger.getInteger("list")).isEqualTo(403);

            JsonObject signedIn = walk.event("signedIn");
            assertThat(signedIn.getJsonArray("cookies")).hasSize(1);
            JsonObject cookie = signedIn.getJsonArray("cookies").getJsonObject(0);
            assertThat(cookie.getString("name")).isEqualTo("kvs-console");
            assertThat(cookie.getBoolean("httpOnly")).isTrue();
            assertThat(cookie.getString("sameSite")).isEqualTo("Strict");
            assertThat(signedIn.getBoolean("secretFieldEmpty")).isTrue();
            assertThat(signedIn.getString("focusedOnLoad")).as("the sign-in form takes the keyboard at once")
                    .isEqualTo("signin-key");

            JsonObject linked = walk.event("linked");
            assertThat(linked.getJsonArray("commands").getString(0)).as("the AWS CLI commands")
                    .contains("ENDPOINT=" + server.uri().toString().replaceFirst("/$", ""))
                    .contains("aws kinesisvideo describe-signaling-channel --endpoint-url \"$ENDPOINT\"");
            assertThat(linked.getJsonArray("commands").getString(1)).as("the C SDK example")
                    .contains("kvsWebrtcClientMaster " + CHANNEL + " 1");
            assertThat(walk.event("deleted").getString("stream")).isEqualTo(STREAM + "-scratch");
            assertLinkedOnTheServer(server);

            assertThat(walk.event("cameraSending").getLong("framesSent")).isPositive();
            JsonObject watching = walk.event("watching");
            assertThat(watching.getLong("framesDecoded")).as("frames the viewer tab decoded").isPositive();
            assertThat(watching.getDouble("audioEnergy")).as("audio energy the viewer tab heard").isPositive();
            JsonObject talking = walk.event("talking");
            assertThat(talking.getLong("viewerAudioPackets")).as("the viewer's microphone after Talk").isPositive();
            assertThat(talking.getJsonObject("session").getJsonArray("participants").stream()
                    .map(p -> ((JsonObject) p).getString("role") + " " + ((JsonObject) p).getString("participantId")))
                    .as("GET /console/live names the master and the page's viewer by its ClientId")
                    .hasSize(2).contains("MASTER master").anyMatch(p -> p.matches("VIEWER console-[0-9a-f]{8}"));
            assertThat(walk.event("cameraHears").getDouble("energy")).as("the camera tab hears the viewer's Talk")
                    .isPositive();
            assertThat(walk.event("liveCard").getString("text")).contains("master connected", "1 viewer");

            assertThat(walk.event("fragments").getInteger("count")).isPositive();
            JsonObject playback = walk.event("playback");
            assertThat(playback.getDouble("later")).as("the recording plays on").isGreaterThan(
                    playback.getDouble("first"));
            JsonObject clipEvent = walk.event("clip");
            assertThat(clipEvent.getString("suggestedFilename")).startsWith(STREAM).endsWith(".mp4");
            assertThat(videoCodecs(clip)).contains("h264");

            JsonObject serverPage = walk.event("server");
            assertThat(serverPage.getInteger("charts")).as("uPlot charts on the server page").isEqualTo(CHARTS);

            JsonObject forged = walk.event("forged");
            assertThat(forged.getBoolean("forgedChannelExists")).as("forged attempts: %s", forged).isFalse();
            assertThat(forged.getInteger("sessionStatus")).as("the session survives a forged sign-out").isEqualTo(200);
            assertNoForgedChannel(server);

            JsonObject signedOut = walk.event("signedOut");
            assertThat(signedOut.getInteger("cookies")).isZero();
            assertThat(signedOut.getInteger("liveStatus")).isEqualTo(401);

            assertThat(walk.events("pageError")).as("uncaught errors in the console's pages").isEmpty();
            assertThat(walk.events("console").stream().map(e -> e.getString("text"))
                    .filter(t -> t.contains("Content Security Policy")).toList()).as("CSP violations").isEmpty();
            assertScreenshots(walk);
            walk.events("screenshot").forEach(e -> System.out.println("console screenshot: " + e.getString("path")));
            System.out.println("the walkthrough's findings:\n" + walk.findings());
        }
    }

    private static void assertLinkedOnTheServer(RunningServer server) {
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            String channelArn = kvs.describeSignalingChannel(b -> b.channelName(CHANNEL)).channelInfo().channelARN();
            String streamArn = kvs.describeStream(b -> b.streamName(STREAM)).streamInfo().streamARN();
            assertThat(kvs.describeStream(b -> b.streamName(STREAM)).streamInfo().dataRetentionInHours())
                    .isEqualTo(2);
            MediaStorageConfiguration storage = kvs.describeMediaStorageConfiguration(b -> b.channelARN(channelArn))
                    .mediaStorageConfiguration();
            assertThat(storage.status()).isEqualTo(MediaStorageConfigurationStatus.ENABLED);
            assertThat(storage.streamARN()).isEqualTo(streamArn);
            assertThat(kvs.listStreams(b -> { }).streamInfoList()).extracting(s -> s.streamName())
                    .as("the stream deleted through the page is gone").containsExactly(STREAM);
        }
    }

    private static void assertNoForgedChannel(RunningServer server) {
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            assertThat(kvs.listSignalingChannels(b -> { }).channelInfoList().stream()
                    .map(ChannelInfo::channelName)).doesNotContain(FORGED).contains(CHANNEL);
        }
    }

    private static List<String> videoCodecs(Path clip) throws Exception {
        assertThat(clip).exists();
        ExternalTool.Result probe = ExternalTool.run(List.of("ffprobe", "-v", "error", "-select_streams", "v",
                "-show_entries", "stream=codec_name", "-of", "default=noprint_wrappers=1:nokey=1", clip.toString()));
        assertThat(probe.exitCode()).as("ffprobe: %s", probe.stderr()).isZero();
        return new String(probe.stdout(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::trim)
                .filter(l -> !l.isEmpty()).toList();
    }

    private static void assertScreenshots(ConsoleWalkthrough walk) throws Exception {
        for (String page : PAGES) {
            for (String width : WIDTHS) {
                Path shot = SCREENSHOTS.resolve(page + "-" + width + ".png");
                assertThat(walk.events("screenshot").stream().anyMatch(e -> shot.toString().equals(e.getString(
                        "path")))).as("a screenshot %s was taken", shot).isTrue();
                assertThat(Files.size(shot)).as("%s", shot).isPositive();
            }
        }
    }
}
