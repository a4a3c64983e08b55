package io.storagesession.turn;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * coturn for the TURN client's tests, started as bench's {@code CoturnServer} starts it (that class lives in a module
 * that depends on this one): a free UDP/TCP port of 127.0.0.1, REST credentials from a random shared secret, loopback
 * peers allowed (relay↔relay on 127.0.0.1), nothing else. Skips the test when {@code turnserver} is not installed, and
 * fails it instead under {@code -Dexternal.required=true}, as CI runs.
 */
final class Coturn implements AutoCloseable {
    static final String REALM = "storagesession.test";
    /** Relay ports below Linux's ephemeral range (32768–60999), where the OS rarely hands out ports. */
    private static final int RELAY_LOW = 20000;
    private static final int RELAY_HIGH = 32000;
    private static final int RELAY_PORTS = 1000;
    private static final long START_MILLIS = 10_000;
    private static final int POLL_MILLIS = 100;
    private static final long STOP_SECONDS = 5;

    final String secret;
    final int port;
    private final Process process;
    private final Path directory;

    private Coturn(Process process, int port, String secret, Path directory) {
        this.process = process;
        this.port = port;
        this.secret = secret;
        this.directory = directory;
    }

    static Coturn start() throws Exception {
        Path turnserver = require("turnserver", "apt-get install coturn");
        byte[] secretBytes = new byte[16];
        new SecureRandom().nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);
        int port = freeUdpAndTcpPort();
        int minPort = ThreadLocalRandom.current().nextInt(RELAY_LOW, RELAY_HIGH - RELAY_PORTS);
        Path directory = Files.createTempDirectory("coturn");
        List<String> command = List.of(turnserver.toString(), "-n", "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1", "--listening-port=" + port, "--min-port=" + minPort,
                "--max-port=" + (minPort + RELAY_PORTS - 1), "--realm=" + REALM, "--fingerprint", "--use-auth-secret",
                "--static-auth-secret=" + secret, "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls",
                "--log-file=" + directory.resolve("turnserver.log"), "--simple-log",
                "--pidfile=" + directory.resolve("turnserver.pid"), "--db=" + directory.resolve("turndb"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("stdout.log").toFile()).start();
        Coturn coturn = new Coturn(process, port, secret, directory);
        try {
            coturn.awaitBindingAnswer();
            return coturn;
        } catch (IOException | RuntimeException e) {
            coturn.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** coturn's log, for assertion messages. */
    String log() {
        try {
            return Files.readString(directory.resolve("stdout.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits for coturn by asking it (STUN Binding over UDP) rather than sleeping. */
    private void awaitBindingAnswer() throws IOException {
        byte[] tid = new byte[StunWriter.TRANSACTION_ID_LENGTH];
        new SecureRandom().nextBytes(tid);
        byte[] request = StunWriter.request(Stun.BINDING, tid).encode(null);
        long deadline = System.currentTimeMillis() + START_MILLIS;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(POLL_MILLIS);
            byte[] answer = new byte[2048];
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("turnserver exited: " + log());
                }
                socket.send(new DatagramPacket(request, request.length, address()));
                DatagramPacket packet = new DatagramPacket(answer, answer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException notYet) {
                    continue;
                }
                if (packet.getLength() >= Stun.HEADER && Arrays.equals(answer, 8, 20, tid, 0, tid.length)) {
                    return;
                }
            }
        }
        throw new IOException("turnserver did not answer on " + address() + ": " + log());
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                try (ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                    return udp.getLocalPort();
                } catch (IOException takenForTcp) {
                    continue;
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }

    private static Path require(String executable, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = executable + " is not on PATH (" + installHint + ")";
        if (Boolean.getBoolean("external.required")) {
            fail(message + "; -Dexternal.required=true forbids skipping");
        }
        Assumptions.abort("skipped: " + message);
        return null;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
            }
        }
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
