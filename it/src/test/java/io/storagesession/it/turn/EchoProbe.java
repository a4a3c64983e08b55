package io.storagesession.it.turn;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** Waits until a freshly started UDP echo server echoes, by asking it rather than sleeping. */
final class EchoProbe {
    private static final int POLL_MS = 100;

    private EchoProbe() {
    }

    /** Returns once {@code echoServer} sends a probe datagram back unchanged. */
    static void awaitEcho(InetSocketAddress echoServer, Duration timeout, BooleanSupplier alive) throws IOException {
        byte[] probe = "echo-probe".getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(FreePorts.loopback(), 0))) {
            socket.setSoTimeout(POLL_MS);
            byte[] answer = new byte[2048];
            while (System.nanoTime() < deadline) {
                if (!alive.getAsBoolean()) {
                    throw new IOException("process exited before echoing on " + echoServer);
                }
                socket.send(new DatagramPacket(probe, probe.length, echoServer));
                DatagramPacket packet = new DatagramPacket(answer, answer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException notYet) {
                    continue;
                }
                if (Arrays.equals(answer, 0, packet.getLength(), probe, 0, probe.length)) {
                    return;
                }
            }
        }
        throw new IOException("no echo from " + echoServer + " within " + timeout);
    }
}
