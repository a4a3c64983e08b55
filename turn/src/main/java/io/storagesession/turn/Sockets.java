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
     * Opens a UDP client's own socket on the listener's address and port, connected to the client (what coturn does
     * for each allocation). Linux delivers a datagram to the socket whose local and remote addresses both match before
     * any unconnected one, so from then on the client's datagrams (and only they: the kernel filters by its 5-tuple,
     * RFC 8656 §2) arrive here, and reading them needs no sender address. SO_REUSEADDR lets it share the port with the
     * listeners; without SO_REUSEPORT it stays out of their group, so it cannot change how the kernel spreads new
     * clients over the relay threads. The JDK's {@code connect} discards what reached the socket in the instant between
     * bind and connect (other clients' datagrams, lost like any UDP datagram may be).
     */
    static DatagramChannel connected(InetSocketAddress local, InetSocketAddress client, int bufferBytes)
            throws IOException {
        DatagramChannel channel = DatagramChannel.open(family(local.getAddress()));
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(local);
            channel.connect(client);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The socket family of an address: IPv4 sockets for IPv4 addresses, so the JDK neither maps every datagram's
     * address to IPv6 nor back.
     */
    static StandardProtocolFamily family(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }
}
