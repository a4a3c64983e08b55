package io.storagesession.it.turn;

import io.storagesession.bench.turn.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;

/** The only address the TURN tests use, and free ports on it (never a fixed port that another run may hold). */
final class FreePorts {
    static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {
    }

    static int udpAndTcp() throws IOException {
        return LoopbackPorts.freeUdpAndTcp();
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
