package io.storagesession.it.webrtc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A loopback port free for both UDP and TCP. coturn binds its listening port with SO_REUSEPORT, so it would happily
 * share a port with another TURN server already there (and the test would talk to the wrong one): the port is checked
 * here with plain binds, which do fail when anything holds it.
 */
final class FreePorts {
    private FreePorts() {
    }

    static int udpAndTcp(InetAddress host) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.setReuseAddress(false);
                    tcp.bind(new InetSocketAddress(host, port));
                    return port;
                } catch (IOException tcpTaken) {
                    continue;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + host);
    }
}
