package io.storagesession.it.webrtc;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.turn.TurnTarget;
import io.storagesession.turn.RestCredentials;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code it/js/relay-peers.js}: Node drives headless Chromium (playwright-core, Debian's
 * {@code /usr/bin/chromium}, never a downloaded browser) whose page connects two RTCPeerConnections relay-only through
 * the given TURN server, and prints the outcome as one JSON line. Node and every browser process it started are
 * killed when the run ends, however it ends.
 */
final class ChromiumRelayPeers {
    static final Path JS = Path.of("js").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private ChromiumRelayPeers() {
    }

    /** Skips (or fails under -Dexternal.required=true) unless node, the npm packages and Chromium are installed. */
    static Path requireInstalled() {
        Path node = ExternalTool.require("node", "install Node.js; CI installs it");
        ExternalTool.requireFile(JS.resolve("node_modules/playwright-core"), "run: npm ci --prefix it/js");
        ExternalTool.requireFile(CHROMIUM, "apt-get install chromium");
        return node;
    }

    /**
     * @param stepTimeout how long the page waits for each step (connection, data channel, frames)
     * @return the script's JSON result
     */
    static JsonObject run(Path node, TurnTarget turn, RestCredentials credentials, Duration stepTimeout)
            throws Exception {
        Path output = Files.createTempFile("relay-peers-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(node.toString(), "relay-peers.js"))
                .directory(JS.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(Map.of("TURN_URL", turn.url(), "TURN_USERNAME", credentials.username(),
                "TURN_CREDENTIAL", credentials.password(), "CHROMIUM", CHROMIUM.toString(),
                "TIMEOUT_MS", Long.toString(stepTimeout.toMillis())));
        Process process = builder.start();
        try {
            // Browser start, then up to four page steps (connect, open, echo, frames), then browser shutdown.
            Duration bound = stepTimeout.multipliedBy(4).plusSeconds(40);
            boolean exited = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
            String log = Files.readString(output, StandardCharsets.UTF_8);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError("relay-peers.js " + (exited ? "exited " + process.exitValue()
                        : "still running after " + bound) + ":\n" + log);
            }
            return log.lines().filter(line -> line.startsWith("{")).reduce((first, second) -> second)
                    .map(JsonObject::new)
                    .orElseThrow(() -> new AssertionError("relay-peers.js printed no JSON result:\n" + log));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }
}
