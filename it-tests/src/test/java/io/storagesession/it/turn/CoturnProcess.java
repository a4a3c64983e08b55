package io.storagesession.it.turn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * coturn ({@code turnserver}) as the reference TURN server: started on a free port of 127.0.0.1 with a random shared
 * secret (TURN REST credentials, as KVS hands them out), relaying on 127.0.0.1 only, with
 * {@code --allow-loopback-peers} (otherwise relay→relay on 127.0.0.1 is refused with 403), no TLS/DTLS, no CLI, no
 * configuration file, and its log and user database in a temp directory rather than under /var.
 */
final class CoturnProcess implements RunningTurnServer {
    static final String REALM = "storagesession.test";
    private static final int RELAY_PORTS = 1000;
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final TurnTarget target;
    private final Path directory;
    /** Stops coturn even if the test JVM is terminated before {@link #close()} runs (a killed fork, Ctrl-C). */
    private final Thread stopOnExit;

    private CoturnProcess(Process process, TurnTarget target, Path directory) {
        this.process = process;
        this.target = target;
        this.directory = directory;
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-coturn-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts coturn and returns once it answers a STUN Binding request; skips if coturn is not installed. */
    static CoturnProcess start() throws IOException, InterruptedException {
        Path turnserver = RequiredProgram.require("turnserver", RequiredProgram.COTURN_HINT);
        Path directory = Files.createTempDirectory("coturn");
        int port = FreePorts.udpAndTcp();
        int minPort = FreePorts.relayRangeStart(RELAY_PORTS);
        byte[] secretBytes = new byte[16];
        new SecureRandom().nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);
        List<String> command = List.of(turnserver.toString(), "-n",
                "--listening-ip=" + FreePorts.LOOPBACK, "--relay-ip=" + FreePorts.LOOPBACK,
                "--listening-port=" + port, "--min-port=" + minPort, "--max-port=" + (minPort + RELAY_PORTS - 1),
                "--realm=" + REALM, "--fingerprint", "--use-auth-secret", "--static-auth-secret=" + secret,
                "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls",
                "--log-file=" + directory.resolve("turnserver.log"), "--simple-log",
                "--pidfile=" + directory.resolve("turnserver.pid"), "--db=" + directory.resolve("turndb"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("stdout.log").toFile()).start();
        CoturnProcess coturn = new CoturnProcess(process,
                new TurnTarget("coturn", FreePorts.LOOPBACK, port, port, REALM, secret), directory);
        try {
            StunProbe.awaitAnswer(coturn.target.udpAddress(), STARTUP, process::isAlive);
            return coturn;
        } catch (IOException | RuntimeException | InterruptedException e) {
            String log = coturn.diagnostics();
            coturn.close();
            throw new IOException("coturn did not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    @Override
    public TurnTarget target() {
        return target;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public String diagnostics() {
        StringBuilder text = new StringBuilder("coturn ").append(process.isAlive() ? "running" : "exited");
        for (String name : List.of("stdout.log", "turnserver.log")) {
            Path file = directory.resolve(name);
            try {
                if (Files.exists(file)) {
                    text.append("\n--- ").append(name).append(" ---\n")
                            .append(tail(Files.readString(file, StandardCharsets.UTF_8), 6000));
                }
            } catch (IOException e) {
                text.append("\n(cannot read ").append(file).append(": ").append(e.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        ProcessOutput.stop(process);
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String tail(String text, int maxChars) {
        return text.length() <= maxChars ? text : "…" + text.substring(text.length() - maxChars);
    }
}
