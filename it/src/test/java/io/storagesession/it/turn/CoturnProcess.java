package io.storagesession.it.turn;

import io.storagesession.bench.turn.CoturnServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * coturn as a {@link RunningTurnServer}: {@link CoturnServer} (the command line shared with the benchmark) on a free
 * port of 127.0.0.1 with a random shared secret, its log in a temp directory that is deleted when it stops.
 * Skips, or fails under {@code -Dexternal.required=true}, when coturn is not installed.
 */
final class CoturnProcess implements RunningTurnServer {
    private final CoturnServer server;
    private final TurnTarget target;

    private CoturnProcess(CoturnServer server) {
        this.server = server;
        this.target = new TurnTarget("coturn", FreePorts.LOOPBACK, server.port(), server.port(), CoturnServer.REALM,
                server.secret());
    }

    static CoturnProcess start() throws IOException, InterruptedException {
        Path turnserver = RequiredProgram.require("turnserver", RequiredProgram.COTURN_HINT);
        Path directory = Files.createTempDirectory("coturn");
        try {
            return new CoturnProcess(CoturnServer.start(turnserver.toString(), FreePorts.listeningPort(), directory));
        } catch (IOException | RuntimeException e) {
            String log = logs(directory);
            deleteRecursively(directory);
            throw new IOException("coturn did not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    @Override
    public TurnTarget target() {
        return target;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(server.pid());
    }

    @Override
    public String diagnostics() {
        return "coturn " + (server.isAlive() ? "running" : "exited") + logs(server.directory());
    }

    @Override
    public void close() throws InterruptedException, IOException {
        server.close();
        deleteRecursively(server.directory());
    }

    private static String logs(Path directory) {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("stdout.log", "turnserver.log")) {
            Path file = directory.resolve(name);
            try {
                if (Files.exists(file)) {
                    String log = Files.readString(file, StandardCharsets.UTF_8);
                    text.append("\n--- ").append(name).append(" ---\n")
                            .append(log.length() <= 6000 ? log : "…" + log.substring(log.length() - 6000));
                }
            } catch (IOException e) {
                text.append("\n(cannot read ").append(file).append(": ").append(e.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
