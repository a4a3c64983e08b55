package io.storagesession.bench.turn;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 for servers started by tests and benchmarks: never a fixed port that another run may hold. */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A port free right now for both UDP and TCP on 127.0.0.1 (the OS picks it; TURN listens on both). */
    public static int freeUdpAndTcp() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException takenForTcp) {
                    continue;
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1 after 20 attempts");
    }
}
