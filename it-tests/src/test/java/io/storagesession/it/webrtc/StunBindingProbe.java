package io.storagesession.it.webrtc;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Knows a STUN/TURN server is ready when it answers an unauthenticated STUN Binding request (RFC 5389), which every
 * TURN server must. A log line would tie the fixture to one implementation's wording; this does not.
 */
final class StunBindingProbe {
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final short BINDING_REQUEST = 0x0001;
    private static final short BINDING_SUCCESS = 0x0101;

    private StunBindingProbe() {
    }

    /**
     * Asks until answered or {@code timeout} passes; gives up early once {@code alive} turns false (the server died).
     *
     * @return whether the server answered
     */
    static boolean awaitAnswer(InetSocketAddress server, Duration timeout, BooleanSupplier alive) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setSoTimeout(100);
            while (System.nanoTime() < deadline && alive.getAsBoolean()) {
                byte[] transaction = new byte[12];
                ThreadLocalRandom.current().nextBytes(transaction);
                byte[] request = ByteBuffer.allocate(20).putShort(BINDING_REQUEST).putShort((short) 0)
                        .putInt(MAGIC_COOKIE).put(transaction).array();
                socket.send(new DatagramPacket(request, request.length, server));
                if (answered(socket, transaction)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean answered(DatagramSocket socket, byte[] transaction) throws IOException {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException notYet) {
            return false;
        }
        ByteBuffer response = ByteBuffer.wrap(buffer, 0, packet.getLength());
        return packet.getLength() >= 20 && response.getShort(0) == BINDING_SUCCESS
                && response.getInt(4) == MAGIC_COOKIE
                && Arrays.equals(Arrays.copyOfRange(buffer, 8, 20), transaction);
    }
}
