package io.storagesession.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A client speaking UDP to one of the relay thread's listeners. While it holds an allocation it may have a socket of
 * its own, connected to it ({@link UdpClients}): then what is sent to it leaves from that socket (the same address and
 * port as the listener), with no sender address to pass and no lock shared with other clients.
 */
final class UdpClient extends Client {
    private final DatagramChannel listener;
    private final InetSocketAddress address;
    /** The client's own socket, or null; written by the relay thread, read by any thread that sends. */
    private volatile DatagramChannel own;

    UdpClient(DatagramChannel listener, InetSocketAddress address) {
        this.listener = listener;
        this.address = address;
    }

    /** Any thread may send: a {@link LocalRelay} hands a datagram over from the session's executor. */
    @Override
    boolean send(ByteBuffer buf, int from, int length, boolean channelData) {
        buf.limit(from + length).position(from);
        DatagramChannel socket = own;
        try {
            return socket != null ? socket.write(buf) > 0 : listener.send(buf, address) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    DatagramChannel own() {
        return own;
    }

    void own(DatagramChannel socket) {
        own = socket;
    }

    @Override
    InetSocketAddress remote() {
        return address;
    }

    @Override
    boolean reliable() {
        return false;
    }
}
