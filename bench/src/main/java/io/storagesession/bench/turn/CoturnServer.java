package io.storagesession.bench.turn;

import io.storagesession.turn.RestCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * coturn, the reference TURN server, run the one way both the interoperability tests and the benchmark use it:
 * {@code turnserver} on a given UDP/TCP port of 127.0.0.1, relaying on 127.0.0.1 in a port range, REST credentials
 * from a shared secret ({@code --use-auth-secret}), loopback peers allowed (otherwise relay↔relay on 127.0.0.1 is
 * refused with 403), no TLS/DTLS/CLI, no configuration file, log and user database in a private directory.
 */
public final class CoturnServer implements AutoCloseable {
    public static final String REALM = "storagesession.test";
    /** Relay ranges are picked below Linux's ephemeral range (32768–60999), where the OS rarely hands out ports. */
    private static final int RELAY_LOW = 20000;
    private static final int RELAY_HIGH = 32000;
    private static final int RELAY_PORTS = 1000;

    private final Process process;
    private final int port;
    private final String secret;
    private final Path directory;
    /** Stops coturn even if this JVM ends before {@link #close()} runs (a killed test fork, Ctrl-C). */
    private final Thread stopOnExit;

    private CoturnServer(Process process, int port, String secret, Path directory) {
        this.process = process;
        this.port = port;
        this.secret = secret;
        this.directory = directory;
        stopOnExit = new Thread(process::destroyForcibly, "stop-coturn-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts {@code turnserver} (a path, or a name on PATH) on {@code port} with a random secret and returns once it
     * answers a STUN Binding request.
     */
    public static CoturnServer start(String turnserver, int port, Path directory)
            throws IOException, InterruptedException {
        byte[] secretBytes = new byte[16];
        new SecureRandom().nextBytes(secretBytes);
        return start(turnserver, port, directory, HexFormat.of().formatHex(secretBytes));
    }

    /** As {@link #start(String, int, Path)} with a given shared secret: coturn restarted as it was configured. */
    public static CoturnServer start(String turnserver, int port, Path directory, String secret)
            throws IOException, InterruptedException {
        int minPort = ThreadLocalRandom.current().nextInt(RELAY_LOW, RELAY_HIGH - RELAY_PORTS);
        List<String> command = List.of(turnserver, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--min-port=" + minPort, "--max-port=" + (minPort + RELAY_PORTS - 1),
                "--realm=" + REALM, "--fingerprint", "--use-auth-secret", "--static-auth-secret=" + secret,
                "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls",
                "--log-file=" + directory.resolve("turnserver.log"), "--simple-log",
                "--pidfile=" + directory.resolve("turnserver.pid"), "--db=" + directory.resolve("turndb"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("stdout.log").toFile()).start();
        CoturnServer coturn = new CoturnServer(process, port, secret, directory);
        try {
            StunBinding.awaitAnswer(coturn.address(), Duration.ofSeconds(10), process::isAlive);
            return coturn;
        } catch (IOException | RuntimeException e) {
            coturn.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public int port() {
        return port;
    }

    public String secret() {
        return secret;
    }

    public Path directory() {
        return directory;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** This server as a benchmark target, with REST credentials valid for an hour. */
    public BenchTarget benchTarget(String user) {
        RestCredentials credentials = RestCredentials.issue(secret, user, Instant.now().plusSeconds(3600));
        return new BenchTarget("coturn", address(), credentials.username(), credentials.password(),
                OptionalLong.of(pid()));
    }

    /** Stops coturn (SIGTERM, then SIGKILL after 5 s) and waits for it; its directory is left to the caller. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting; the hook itself is what is running now.
        }
    }
}
