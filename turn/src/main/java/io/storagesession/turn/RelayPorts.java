package io.storagesession.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * Hands out relayed transport addresses from the configured port range (RFC 8656 §7.2: the server picks a port; it
 * SHOULD be random-looking, so the scan starts at a rotating cursor). Shared by the relay threads; binding is quick,
 * so a lock is enough.
 */
final class RelayPorts {
    private final InetAddress relayAddress;
    private final int min;
    private final int max;
    private int cursor;

    RelayPorts(InetAddress relayAddress, int min, int max) {
        this.relayAddress = relayAddress;
        this.min = min;
        this.max = max;
        this.cursor = min + (int) (Math.random() * (max - min + 1));
    }

    InetAddress address() {
        return relayAddress;
    }

    /** A non-blocking UDP channel bound to a free port of the range (even when asked), or null when none is free. */
    synchronized DatagramChannel bind(boolean evenPort) throws IOException {
        int span = max - min + 1;
        for (int tried = 0; tried < span; tried++) {
            int port = min + Math.floorMod(cursor - min + tried, span);
            if (evenPort && port % 2 != 0) {
                continue;
            }
            DatagramChannel channel = DatagramChannel.open(Sockets.family(relayAddress));
            try {
                channel.bind(new InetSocketAddress(relayAddress, port));
                channel.configureBlocking(false);
                cursor = port + 1 > max ? min : port + 1;
                return channel;
            } catch (IOException inUse) {
                channel.close();
            }
        }
        return null;
    }
}
