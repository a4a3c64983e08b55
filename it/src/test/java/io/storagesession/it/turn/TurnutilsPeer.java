package io.storagesession.it.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * coturn's {@code turnutils_peer}: a UDP echo server, the far end of {@code turnutils_uclient}'s client→peer tests.
 * Started on a free port of 127.0.0.1 and returned once it echoes.
 */
final class TurnutilsPeer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private TurnutilsPeer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static TurnutilsPeer start(Path workDirectory) throws IOException, InterruptedException {
        Path executable = RequiredProgram.require("turnutils_peer", RequiredProgram.COTURN_HINT);
        int port = FreePorts.listeningPort();
        Path log = workDirectory.resolve("turnutils_peer.log");
        Process process = new ProcessBuilder(List.of(executable.toString(), "-L", FreePorts.LOOPBACK,
                "-p", Integer.toString(port))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TurnutilsPeer peer = new TurnutilsPeer(process, port, log);
        try {
            EchoProbe.awaitEcho(new InetSocketAddress(FreePorts.LOOPBACK, port), Duration.ofSeconds(10),
                    process::isAlive);
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw new IOException("turnutils_peer did not start: " + e.getMessage() + "\n" + Files.readString(log), e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        ProcessOutput.stop(process);
    }
}
