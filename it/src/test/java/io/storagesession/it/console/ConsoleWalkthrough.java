package io.storagesession.it.console;

import io.storagesession.it.NodeScript;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code it/js/console-walkthrough.js}: Node drives headless Chromium (playwright-core, Debian's
 * {@code /usr/bin/chromium}) through the web console's pages. Its JSON event lines are collected; Node and every
 * browser process it started are killed on close.
 */
final class ConsoleWalkthrough implements AutoCloseable {
    static final Path JS = NodeScript.JS;
    private static final String SCRIPT = "console-walkthrough.js";

    private final NodeScript script;

    private ConsoleWalkthrough(NodeScript script) {
        this.script = script;
    }

    /** Node with playwright-core from {@code npm ci --prefix it/js}, and Chromium; skips (or fails) without them. */
    static Path requireTools() {
        return NodeScript.requireNodeAndChromium();
    }

    /** Starts the walk with the script's settings (see its header for each). */
    static ConsoleWalkthrough start(Path node, Map<String, String> settings) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), SCRIPT)).directory(JS.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CHROMIUM", NodeScript.CHROMIUM.toString());
        builder.environment().putAll(settings);
        return new ConsoleWalkthrough(NodeScript.start(builder, "console-walkthrough"));
    }

    /** Waits for the script to end; false when it outlived {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return script.awaitEnd(timeout);
    }

    int exitCode() {
        return script.exitCode();
    }

    List<JsonObject> events(String name) {
        return script.events(name);
    }

    /** The walk's own events, one a line (without the pages' console lines, HTTP errors and screenshots). */
    String findings() {
        List<String> noise = List.of("console", "httpError", "screenshot");
        return String.join("\n", script.events(e -> !noise.contains(e.getString("event"))).stream()
                .map(JsonObject::encode).toList());
    }

    /** The one event named {@code name}; fails with the whole output when the walk never got there. */
    JsonObject event(String name) {
        return events(name).stream().findFirst().orElseThrow(() -> new AssertionError(
                "the walkthrough printed no \"" + name + "\" event; its output:\n" + this));
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
