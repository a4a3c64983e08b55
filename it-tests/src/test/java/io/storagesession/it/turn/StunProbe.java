package io.storagesession.it.turn;

import io.storagesession.bench.turn.Stun;
import io.storagesession.bench.turn.StunRequest;
import io.storagesession.bench.turn.StunResponse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Waits until a server answers on UDP: a STUN Binding success for a TURN server, or the datagram echoed back for
 * an echo peer. Polling the protocol itself (rather than sleeping) makes start-up both fast and certain.
 */
final class StunProbe {
    private static final int POLL_MS = 100;

    private StunProbe() {
    }

    /** Returns once {@code server} answers a Binding request; throws if {@code alive} turns false or time runs out. */
    static void awaitAnswer(InetSocketAddress server, Duration timeout, BooleanSupplier alive)
            throws IOException, InterruptedException {
        StunRequest request = new StunRequest(Stun.BINDING);
        byte[] transactionId = request.transactionId();
        byte[] bytes = request.encode(null);
        await(server, timeout, alive, bytes, (answer, length) -> {
            ByteBuffer datagram = ByteBuffer.wrap(answer, 0, length);
            return StunResponse.isStun(datagram) && StunResponse.parse(datagram).answers(transactionId)
                    && StunResponse.parse(datagram).isSuccess();
        });
    }

    /** Returns once {@code echoServer} sends a probe datagram back unchanged. */
    static void awaitEcho(InetSocketAddress echoServer, Duration timeout, BooleanSupplier alive)
            throws IOException, InterruptedException {
        byte[] probe = "echo-probe".getBytes(StandardCharsets.US_ASCII);
        await(echoServer, timeout, alive, probe, (answer, length) -> length == probe.length
                && Arrays.equals(answer, 0, length, probe, 0, probe.length));
    }

    private static void await(InetSocketAddress server, Duration timeout, BooleanSupplier alive, byte[] request,
                              AnswerCheck check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(FreePorts.loopback(), 0))) {
            socket.setSoTimeout(POLL_MS);
            byte[] answer = new byte[2048];
            while (System.nanoTime() < deadline) {
                if (!alive.getAsBoolean()) {
                    throw new IOException("process exited before answering on " + server);
                }
                socket.send(new DatagramPacket(request, request.length, server));
                DatagramPacket packet = new DatagramPacket(answer, answer.length);
                try {
                    socket.receive(packet);
                    if (check.accepts(answer, packet.getLength())) {
                        return;
                    }
                } catch (SocketTimeoutException notYet) {
                    Thread.sleep(POLL_MS / 2);
                }
            }
        }
        throw new IOException("no answer on " + server + " within " + timeout);
    }

    @FunctionalInterface
    private interface AnswerCheck {
        boolean accepts(byte[] answer, int length);
    }
}
