package io.storagesession.it.session;

import static org.awaitility.Awaitility.await;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.NodeScript;
import io.storagesession.it.RunningServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs {@code it/js/storage-session-peer.js}: Node drives headless Chromium (playwright-core, Debian's
 * {@code /usr/bin/chromium}) whose page is a KVS storage-session participant on the official KVS JS SDK. Its JSON
 * event lines are collected as they come; Node and every browser process it started are killed on close.
 */
public final class BrowserParticipant implements AutoCloseable {
    static final Path JS = NodeScript.JS;
    private static final long STOP_AFTER_MILLIS = 120_000;

    private final NodeScript script;

    private BrowserParticipant(NodeScript script) {
        this.script = script;
    }

    /**
     * What the browser participant needs: Node with the committed npm packages (playwright-core, the KVS JS SDK) and
     * Debian's Chromium. Returns Node; skips the test (or fails it, with -Dexternal.required=true) when one is missing.
     */
    public static Path requireTools() {
        Path node = NodeScript.requireNodeAndChromium();
        ExternalTool.requireFile(JS.resolve("node_modules/amazon-kinesis-video-streams-webrtc"), NodeScript.NPM_CI);
        return node;
    }

    /** A master ({@code clientId} null) or viewer page on the channel, with credentials from GetIceServerConfig. */
    public static BrowserParticipant start(Path node, RunningServer server, StorageChannel channel, String clientId)
            throws Exception {
        return start(node, server, channel, clientId, Map.of());
    }

    /** As {@link #start(Path, RunningServer, StorageChannel, String)}, with more of the script's settings. */
    public static BrowserParticipant start(Path node, RunningServer server, StorageChannel channel, String clientId,
                                    Map<String, String> settings) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), "storage-session-peer.js"))
                .directory(JS.toFile()).redirectErrorStream(true);
        String endpoint = server.uri().toString().replaceFirst("^http", "ws");
        builder.environment().putAll(Map.of("ENDPOINT", endpoint, "CHANNEL_ARN", channel.channelArn,
                "ROLE", clientId == null ? "MASTER" : "VIEWER", "AWS_ACCESS_KEY_ID", server.key.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", server.key.secretAccessKey(), "AWS_REGION", "us-west-2",
                "ICE_SERVERS", ChromiumStorageSessionTest.iceServersJson(channel, clientId == null ? "master" : clientId),
                "CHROMIUM", "/usr/bin/chromium", "STOP_AFTER_MS", Long.toString(STOP_AFTER_MILLIS)));
        if (clientId != null) {
            builder.environment().put("CLIENT_ID", clientId);
        }
        builder.environment().putAll(settings);
        return new BrowserParticipant(NodeScript.start(builder, "browser-participant"));
    }

    public List<JsonObject> events(String name) {
        return script.events(name);
    }

    public void awaitEvent(String name, Duration timeout) {
        awaitEvent(e -> name.equals(e.getString("event")), timeout);
    }

    public void awaitEvent(Predicate<JsonObject> match, Duration timeout) {
        try {
            await().atMost(timeout).failFast(() -> !script.isAlive() && script.events(match).isEmpty())
                    .until(() -> !script.events(match).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException | AssertionError e) {
            throw new AssertionError("the browser participant did not get there; its output:\n" + this, e);
        }
    }

    /** Waits for a condition on the server's side; on timeout the failure carries the browser's output. */
    public void awaitServerSide(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await(what).atMost(timeout).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + timeout + "; the browser's output:\n" + this, e);
        }
    }

    @Override
    public String toString() {
        return script.toString();
    }

    @Override
    public void close() throws InterruptedException {
        script.close();
    }
}
