package io.storagesession.turn;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/** How the TURN server opens its UDP sockets. */
final class Sockets {
    private Sockets() {
    }

    /** Opens a UDP listener for a relay thread; every thread binds the same port with SO_REUSEPORT. */
    static DatagramChannel listener(InetSocketAddress address, int bufferBytes) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family(address.getAddress()));
        channel.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        channel.bind(address);
        return channel;
    }

    /**
     * The socket family of an address: IPv4 sockets for IPv4 addresses, so the JDK neither maps every datagram's
     * address to IPv6 nor back.
     */
    static StandardProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
