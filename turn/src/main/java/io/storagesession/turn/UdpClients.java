package io.storagesession.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP clients of one relay thread: its listener, and the clients that hold an allocation there, each (with
 * {@code turn.udp-client-sockets}) on a socket of its own connected to it, as coturn does ({@link Sockets#connected}).
 * The listener must learn each datagram's sender, and the JDK's {@code receive} makes a new address object for it
 * whenever senders alternate, i.e. on every datagram of a busy server; a client's own socket is read with
 * {@code read}, which needs none, so a relayed packet allocates nothing. The kernel gives a connected socket only its
 * client's 5-tuple (RFC 8656 §2): a client that moves to another port is a new 5-tuple on the listener, with no
 * allocation. Whatever reaches the listener — before the socket exists, from clients without allocation, or for
 * every client when the setting is off — is handled exactly as what reaches a client's socket.
 */
final class UdpClients {
    private static final Logger LOG = LoggerFactory.getLogger(UdpClients.class);

    private final RelayLoop loop;
    private final Selector selector;
    private final DatagramChannel listener;
    private final InetSocketAddress listenerAddress;
    private final ByteBuffer buf;
    private final boolean ownSockets;
    private final int bufferBytes;
    private final String name;
    private final Map<InetSocketAddress, UdpClient> byAddress = new HashMap<>();

    /**
     * @param buf the relay thread's buffer: a datagram is read into it from 0 and handed to
     *            {@link RelayLoop#fromUdp} there
     */
    UdpClients(TurnSettings settings, RelayLoop loop, Selector selector, DatagramChannel listener, ByteBuffer buf,
               String name) throws IOException {
        this.loop = loop;
        this.selector = selector;
        this.listener = listener;
        this.listenerAddress = (InetSocketAddress) listener.getLocalAddress();
        this.buf = buf;
        this.ownSockets = settings.udpClientSockets();
        this.bufferBytes = settings.udpClientSocketBufferBytes();
        this.name = name;
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_READ, this);
    }

    DatagramChannel listener() {
        return listener;
    }

    /** Everything waiting on the listener, with its sender (the allocation this path exists to avoid). */
    void readListener() throws IOException {
        while (true) {
            buf.clear();
            InetSocketAddress from = (InetSocketAddress) listener.receive(buf);
            if (from == null) {
                return;
            }
            loop.fromUdp(byAddress.get(from), from, buf.position());
        }
    }

    /**
     * Everything waiting on a client's own socket. An ICMP error for an earlier send (the client went away) is
     * reported on the next call and skipped; the allocation lives on until it expires (RFC 8656 §7). Any other
     * failure puts the client back on the listener.
     */
    void read(UdpClient client) throws IOException {
        DatagramChannel socket = client.own();
        if (socket == null) {
            return;
        }
        while (true) {
            buf.clear();
            int length;
            try {
                length = socket.read(buf);
            } catch (PortUnreachableException e) {
                continue;
            } catch (IOException e) {
                LOG.debug("{}: the socket of {} failed, back on the listener: {}", name, client.remote(), e.toString());
                closeOwn(client);
                return;
            }
            if (length <= 0) {
                return;
            }
            loop.fromUdp(client, client.remote(), length);
        }
    }

    /**
     * {@code client} was just granted an allocation: datagrams from its address reach it from now on, and it gets a
     * socket of its own. Without one (no descriptor left, say) it is served on the listener as before.
     */
    void allocated(UdpClient client) {
        byAddress.put(client.remote(), client);
        if (!ownSockets) {
            return;
        }
        DatagramChannel socket = null;
        try {
            socket = Sockets.connected(listenerAddress, client.remote(), bufferBytes);
            socket.register(selector, SelectionKey.OP_READ, client);
            client.own(socket);
        } catch (IOException e) {
            LOG.warn("{}: no socket of its own for {}, it stays on the listener: {}", name, client.remote(),
                    e.toString());
            if (socket != null) {
                close(socket);
            }
        }
    }

    /** {@code client}'s allocation is gone (expired, Refresh 0, shutdown): its address and socket are released. */
    void released(UdpClient client) {
        byAddress.remove(client.remote(), client);
        closeOwn(client);
    }

    private void closeOwn(UdpClient client) {
        DatagramChannel socket = client.own();
        if (socket != null) {
            // senders on other threads see null and use the listener; one already past that check fails harmlessly
            client.own(null);
            close(socket);
        }
    }

    private void close(DatagramChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("{}: closing a client socket: {}", name, e.toString());
        }
    }

    /** Closes the listener; the clients' sockets close with their allocations. */
    void closeListener() {
        close(listener);
    }
}
