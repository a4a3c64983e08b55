package io.storagesession.it.webrtc;

import io.storagesession.bench.turn.CoturnServer;
import io.storagesession.it.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * coturn, the reference TURN server, as a relay-test target: proves the tests themselves right before they judge the
 * embedded server. Started by {@link CoturnServer}, the one place that holds the coturn command line (docs/PEERS.md)
 * for tests and benchmark alike, on a free loopback port with a fresh secret and its own files.
 */
final class Coturn implements TurnServerUnderTest {
    private static final int LOG_TAIL_LINES = 40;

    private final CoturnServer server;
    private final TurnTarget target;

    private Coturn(CoturnServer server) {
        this.server = server;
        this.target = new TurnTarget("127.0.0.1", server.port(), CoturnServer.REALM, server.secret());
    }

    static Coturn start() throws IOException, InterruptedException {
        Path turnserver = ExternalTool.require("turnserver", "apt-get install coturn");
        int port = FreePorts.listeningPort(InetAddress.getByName("127.0.0.1"));
        Path dir = Files.createTempDirectory("coturn-");
        return new Coturn(CoturnServer.start(turnserver.toString(), port, dir));
    }

    @Override
    public TurnTarget target() {
        return target;
    }

    @Override
    public String diagnostics() {
        try {
            List<String> lines = Files.readAllLines(server.directory().resolve("turnserver.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(coturn log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(server.directory())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
