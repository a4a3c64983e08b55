package io.storagesession.it.console;

import io.storagesession.codecs.ExternalTool;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code it/js/console-walkthrough.js}: Node drives headless Chromium (playwright-core, Debian's
 * {@code /usr/bin/chromium}) through the web console's pages. Its JSON event lines are collected; Node and every
 * browser process it started are killed on close.
 */
final class ConsoleWalkthrough implements AutoCloseable {
    static final Path JS = Path.of("js").toAbsolutePath();
    private static final String SCRIPT = "console-walkthrough.js";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private final Process process;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final StringBuilder log = new StringBuilder();
    private final Thread reader;

    private ConsoleWalkthrough(Process process) {
        this.process = process;
        reader = new Thread(this::read, "console-walkthrough-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Node with playwright-core from {@code npm ci --prefix it/js}, and Chromium; skips (or fails) without them. */
    static Path requireTools() {
        Path node = ExternalTool.require("node", "install Node.js; CI installs it");
        ExternalTool.requireFile(JS.resolve("node_modules/playwright-core"), "run: npm ci --prefix it/js");
        ExternalTool.requireFile(Path.of(CHROMIUM), "apt-get install chromium");
        return node;
    }

    /** Starts the walk with the script's settings (see its header for each). */
    static ConsoleWalkthrough start(Path node, Map<String, String> settings) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), SCRIPT)).directory(JS.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CHROMIUM", CHROMIUM);
        builder.environment().putAll(settings);
        return new ConsoleWalkthrough(builder.start());
    }

    /** Waits for the script to end; false when it outlived {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return ended;
    }

    int exitCode() {
        return process.exitValue();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                if (line.startsWith("{")) {
                    events.add(new JsonObject(line));
                }
            }
        } catch (Exception e) {
            // the process ended
        }
    }

    List<JsonObject> events(String name) {
        return events.stream().filter(e -> name.equals(e.getString("event"))).toList();
    }

    /** The walk's own events, one a line (without the pages' console lines, HTTP errors and screenshots). */
    String findings() {
        List<String> noise = List.of("console", "httpError", "screenshot");
        return String.join("\n", events.stream().filter(e -> !noise.contains(e.getString("event")))
                .map(JsonObject::encode).toList());
    }

    /** The one event named {@code name}; fails with the whole output when the walk never got there. */
    JsonObject event(String name) {
        return events(name).stream().findFirst().orElseThrow(() -> new AssertionError(
                "the walkthrough printed no \"" + name + "\" event; its output:\n" + this));
    }

    @Override
    public String toString() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }
}
