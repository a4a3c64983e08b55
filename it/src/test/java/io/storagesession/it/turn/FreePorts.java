package io.storagesession.it.turn;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The only address the TURN tests use, and ports on it for a TURN server (or a peer) beside other TURN servers on the
 * same machine — never a fixed port that another run may hold. coturn binds its listening and relay sockets with
 * SO_REUSEPORT, so two coturns can share a port and the kernel then splits the packets between them: a listening port
 * must be free (checked with plain binds, which do fail when anything holds the port) and stay clear of where TURN
 * servers usually put relays (49152 and up, the default coturn range) and of Linux's ephemeral ports (32768 and up).
 * Listening ports come from 10000–19999, relay blocks from 20000–29999.
 */
final class FreePorts {
    static final String LOOPBACK = "127.0.0.1";
    private static final int LISTENING_LOW = 10000;
    private static final int RELAY_LOW = 20000;
    /** Both ranges are this wide. */
    private static final int RANGE = 10000;
    private static final int ATTEMPTS = 100;

    private FreePorts() {
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** A port in 10000–19999 free right now for both UDP and TCP on {@link #LOOPBACK} (TURN listens on both). */
    static int listeningPort() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = LISTENING_LOW + ThreadLocalRandom.current().nextInt(RANGE);
            if (freeForUdpAndTcp(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port in " + LISTENING_LOW + "-" + (LISTENING_LOW + RANGE - 1)
                + " free for both UDP and TCP on " + LOOPBACK);
    }

    /** The first port of a block of {@code size} relay ports; the TURN server skips any that happen to be taken. */
    static int relayBlock(int size) {
        return RELAY_LOW + size * ThreadLocalRandom.current().nextInt(RANGE / size);
    }

    private static boolean freeForUdpAndTcp(int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port));
             ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
