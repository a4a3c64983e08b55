package io.storagesession.it.turn;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers started by the tests, on 127.0.0.1: one free for both UDP and TCP (the OS picks it), and relay
 * ranges chosen at random below Linux's ephemeral range (32768–60999) so they rarely meet ports the OS hands out,
 * and two test runs on one machine rarely share a range (a TURN server skips ports in use anyway).
 */
final class FreePorts {
    static final String LOOPBACK = "127.0.0.1";
    private static final int RELAY_LOW = 20000;
    private static final int RELAY_HIGH = 32000;

    private FreePorts() {
    }

    /** A port free right now for both UDP and TCP on 127.0.0.1. */
    static int udpAndTcp() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, loopback())) {
                    return port;
                } catch (IOException takenForTcp) {
                    continue;
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1 after 20 attempts");
    }

    /** First port of a random relay range of {@code size} ports. */
    static int relayRangeStart(int size) {
        return ThreadLocalRandom.current().nextInt(RELAY_LOW, RELAY_HIGH - size);
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
