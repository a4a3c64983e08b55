package io.storagesession.it.webrtc;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a TURN server beside other TURN servers on the same machine. coturn binds its listening and relay sockets
 * with SO_REUSEPORT, so two coturns can share a port and the kernel then splits the packets between them: a listening
 * port must be free (checked with plain binds, which do fail when anything holds the port) and stay clear of where
 * TURN servers usually put relays (49152 and up, the default coturn range) and of Linux's ephemeral ports (32768 and
 * up). Listening ports come from 10000–19999, relay blocks from 20000–29999.
 */
final class FreePorts {
    private FreePorts() {
    }

    static int listeningPort(InetAddress host) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 10000 + ThreadLocalRandom.current().nextInt(10000);
            if (freeForUdpAndTcp(host, port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port in 10000-19999 free for both UDP and TCP on " + host);
    }

    /** The first port of a block of {@code size} relay ports; the TURN server skips any that happen to be taken. */
    static int relayBlock(int size) {
        return 20000 + size * ThreadLocalRandom.current().nextInt(10000 / size);
    }

    private static boolean freeForUdpAndTcp(InetAddress host, int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, port));
             ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
