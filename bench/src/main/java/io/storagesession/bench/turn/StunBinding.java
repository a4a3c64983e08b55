package io.storagesession.bench.turn;

import io.storagesession.turn.Stun;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a freshly started STUN/TURN server by asking it, with Binding requests over UDP, rather than sleeping:
 * start-up is then as fast as the server and never declared too early.
 */
public final class StunBinding {
    private static final int POLL_MS = 100;

    private StunBinding() {
    }

    /** Returns once {@code server} answers a Binding request; throws if {@code alive} turns false or time runs out. */
    public static void awaitAnswer(InetSocketAddress server, Duration timeout, BooleanSupplier alive)
            throws IOException {
        StunRequest request = new StunRequest(Stun.BINDING);
        byte[] transactionId = request.transactionId();
        byte[] bytes = request.encode(null);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setSoTimeout(POLL_MS);
            byte[] answer = new byte[2048];
            while (System.nanoTime() < deadline) {
                if (!alive.getAsBoolean()) {
                    throw new IOException("server process exited before answering on " + server);
                }
                socket.send(new DatagramPacket(bytes, bytes.length, server));
                DatagramPacket packet = new DatagramPacket(answer, answer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException notYet) {
                    continue;
                }
                ByteBuffer datagram = ByteBuffer.wrap(answer, 0, packet.getLength());
                if (StunResponse.isStun(datagram)) {
                    StunResponse response = StunResponse.parse(datagram);
                    if (response.answers(transactionId) && response.isSuccess()) {
                        return;
                    }
                }
            }
        }
        throw new IOException("no STUN Binding answer from " + server + " within " + timeout);
    }
}
