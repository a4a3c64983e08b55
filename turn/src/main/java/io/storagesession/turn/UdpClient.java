package io.storagesession.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A client speaking UDP to one of the relay thread's listeners. */
final class UdpClient extends Client {
    private final DatagramChannel listener;
    private final InetSocketAddress address;

    UdpClient(DatagramChannel listener, InetSocketAddress address) {
        this.listener = listener;
        this.address = address;
    }

    @Override
    boolean send(ByteBuffer buf, int from, int length, boolean channelData) {
        buf.limit(from + length).position(from);
        try {
            return listener.send(buf, address) > 0;
        } catch (IOException e) {
            return false;
        }
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
