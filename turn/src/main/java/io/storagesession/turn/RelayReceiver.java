package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Where a {@link RelayTransport} hands the datagrams that reached its relayed address. */
@FunctionalInterface
public interface RelayReceiver {
    /**
     * One datagram from a permitted peer, between {@code payload}'s position and limit. Called on the relay's I/O
     * thread, which owns the buffer: copy what is kept before returning, and never block.
     */
    void received(ByteBuffer payload, InetSocketAddress from);
}
