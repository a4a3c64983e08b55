package io.storagesession.it;

import io.storagesession.codecs.ExternalTool;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Node script of {@code it/js} that drives a real client (headless Chromium through playwright-core, the KVS JS SDK)
 * and prints one JSON event a line: its output is collected as it comes — every line in the log, the JSON ones as
 * events — and Node and every process it started are killed on close.
 */
public final class NodeScript implements AutoCloseable {
    /** How long the output reader may take to drain after the process ended. */
    private static final long DRAIN_MILLIS = 5_000;
    /** The scripts' folder, {@code it/js}, seen from the module's directory where tests run. */
    public static final Path JS = Path.of("js").toAbsolutePath();
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final String NPM_CI = "run: npm ci --prefix it/js";

    private final Process process;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final StringBuilder log = new StringBuilder();
    private final Thread reader;

    private NodeScript(Process process, String name) {
        this.process = process;
        reader = new Thread(this::read, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * What every script of {@code it/js} needs: Node, playwright-core from {@code npm ci --prefix it/js}, and Debian's
     * Chromium. Returns Node; skips the test (or fails it, with -Dexternal.required=true) when one is missing.
     */
    public static Path requireNodeAndChromium() {
        Path node = ExternalTool.require("node", "install Node.js; CI installs it");
        ExternalTool.requireFile(JS.resolve("node_modules/playwright-core"), NPM_CI);
        ExternalTool.requireFile(CHROMIUM, "apt-get install chromium");
        return node;
    }

    /** Starts {@code builder} (its error stream joined to its output) and follows what it prints. */
    public static NodeScript start(ProcessBuilder builder, String name) {
        try {
            return new NodeScript(builder.redirectErrorStream(true).start(), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events printed so far whose {@code event} field is {@code name}. */
    public List<JsonObject> events(String name) {
        return events(e -> name.equals(e.getString("event")));
    }

    public List<JsonObject> events(Predicate<JsonObject> match) {
        return events.stream().filter(match).toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the script to end and its output to be read; false when it outlived {@code timeout}. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        reader.join(DRAIN_MILLIS);
        return ended;
    }

    public int exitCode() {
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
        } catch (IOException e) {
            // the process ended and its output closed
        }
    }

    /** Everything it printed so far. */
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
