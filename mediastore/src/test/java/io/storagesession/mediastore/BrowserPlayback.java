package io.storagesession.mediastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.codecs.TestMedia;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser judges of the HLS and DASH tests: a player script of {@code src/test/js} ({@code hls-player.js},
 * {@code dash-player.js}, both on {@code browser-player.js}) run by Node, which plays a session URL in headless
 * Chromium from a page on another origin and prints one JSON event per line. Needs Node, {@code npm ci --prefix
 * mediastore/src/test/js}, ffmpeg (the test media) and Debian's Chromium: missing, the test skips, or fails under
 * {@code -Dexternal.required=true} ({@link ExternalTool}).
 */
public final class BrowserPlayback {
    private static final Path JS = Path.of("src/test/js").toAbsolutePath();
    private static final String NPM_CI = "run: npm ci --prefix mediastore/src/test/js";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path node;

    private BrowserPlayback(Path node) {
        this.node = node;
    }

    /** Node, ffmpeg, the player's npm package {@code playerPackage} with playwright-core, and Chromium, or skip. */
    public static BrowserPlayback require(String playerPackage) {
        Path node = ExternalTool.require("node", "install Node.js");
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        ExternalTool.requireFile(JS.resolve("node_modules").resolve(playerPackage), NPM_CI);
        ExternalTool.requireFile(JS.resolve("node_modules/playwright-core"), NPM_CI);
        ExternalTool.requireFile(CHROMIUM, "apt-get install chromium");
        return new BrowserPlayback(node);
    }

    /**
     * Runs {@code script} on {@code sessionUrl} until playback advanced {@code playSeconds}: its events, printed, none
     * of them a scriptError (the judge itself failed).
     */
    public List<JsonObject> play(String script, String sessionUrl, int playSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(node.toString(), script).directory(JS.toFile())
                .redirectErrorStream(true);
        builder.environment().put("SESSION_URL", sessionUrl);
        builder.environment().put("PLAY_SECONDS", String.valueOf(playSeconds));
        Process p = builder.start();
        List<JsonObject> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(new JsonObject(line));
                } else {
                    System.out.println(script + ": " + line);
                }
            }
        } finally {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        System.out.println(script + " events: " + events);
        assertThat(events).filteredOn(e -> "scriptError".equals(e.getString("event"))).isEmpty();
        return events;
    }

    /** The one event named {@code name}. */
    public static JsonObject only(List<JsonObject> events, String name) {
        List<JsonObject> of = events.stream().filter(e -> name.equals(e.getString("event"))).toList();
        assertThat(of).as(name + " in " + events).hasSize(1);
        return of.get(0);
    }

    /** No event named {@code name} ({@code what} in the failure). */
    public static void assertNone(List<JsonObject> events, String name, String what) {
        assertThat(events).filteredOn(e -> name.equals(e.getString("event"))).as(what).isEmpty();
    }

    /**
     * What the played event shows the browser decoded of {@link TestMedia}'s video and sound: its picture size, at
     * least the frames of {@code playSeconds}, some audio, and no media error.
     */
    public static void assertPicturesAndSound(JsonObject played, int playSeconds) {
        assertThat(played.getInteger("videoWidth")).isEqualTo(TestMedia.WIDTH);
        assertThat(played.getInteger("videoHeight")).isEqualTo(TestMedia.HEIGHT);
        assertThat(played.getInteger("decodedFrames")).isGreaterThanOrEqualTo(playSeconds * TestMedia.FRAME_RATE);
        assertThat(played.getLong("audioBytes")).as("audio decoded by the browser").isPositive();
        assertThat(played.getValue("error")).isNull();
    }
}
