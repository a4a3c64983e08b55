package io.storagesession.it.webrtc;

import io.storagesession.it.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * coturn, the reference TURN server, as the relay tests' first target: proves the tests themselves right before they
 * judge the embedded server. Runs with the command line from docs/PEERS.md on a free loopback port, a fresh realm and
 * secret, and private pid file, user database and log, so it can run beside other coturns on the same machine.
 */
final class Coturn implements TurnServerUnderTest {
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;
    private final TurnTarget target;

    private Coturn(Process process, Path dir, TurnTarget target) {
        this.process = process;
        this.dir = dir;
        this.target = target;
    }

    static Coturn start() throws IOException, InterruptedException {
        Path turnserver = ExternalTool.require("turnserver", "apt-get install coturn");
        InetAddress host = InetAddress.getByName(HOST);
        int port = FreePorts.listeningPort(host);
        int minRelayPort = FreePorts.relayBlock(100);
        TurnTarget target = new TurnTarget(HOST, port, "relay-test", UUID.randomUUID().toString());
        Path dir = Files.createTempDirectory("coturn-");
        Process process = new ProcessBuilder(List.of(turnserver.toString(), "-n",
                "--listening-ip=" + HOST, "--relay-ip=" + HOST, "--listening-port=" + port,
                "--min-port=" + minRelayPort, "--max-port=" + (minRelayPort + 99),
                "--realm=" + target.realm(), "--fingerprint",
                "--use-auth-secret", "--static-auth-secret=" + target.secret(),
                "--allow-loopback-peers",
                "--no-cli", "--no-tls", "--no-dtls",
                "--pidfile=" + dir.resolve("turnserver.pid"), "--userdb=" + dir.resolve("turndb"),
                "--log-file=stdout", "--simple-log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.log").toFile()).start();
        Coturn coturn = new Coturn(process, dir, target);
        boolean ready = false;
        try {
            ready = StunBindingProbe.awaitAnswer(new InetSocketAddress(host, port), STARTUP, process::isAlive);
        } finally {
            if (!ready) {
                String log = coturn.diagnostics();
                coturn.close();
                throw new IllegalStateException("coturn did not answer STUN on " + HOST + ":" + port + " within "
                        + STARTUP + "; its log:\n" + log);
            }
        }
        return coturn;
    }

    @Override
    public TurnTarget target() {
        return target;
    }

    @Override
    public String diagnostics() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("turnserver.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(coturn log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
