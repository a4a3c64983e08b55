package io.storagesession.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A TURN client as the relay reaches it: over UDP through the listener it spoke to, or over its TCP connection
 * (RFC 8656 §3.1, the client-to-server transport). Holds the client's allocation, if any (one per 5-tuple).
 * Used only on the owning relay thread.
 */
abstract class Client {
    Allocation allocation;

    /**
     * Sends {@code length} bytes of {@code buf} from {@code from}: a STUN message, or ChannelData, which TCP pads to a
     * multiple of 4 (RFC 8656 §12.5). Leaves {@code buf}'s position and limit changed. False when dropped.
     */
    abstract boolean send(ByteBuffer buf, int from, int length, boolean channelData);

    /** The client's transport address as the server sees it (XOR-MAPPED-ADDRESS). */
    abstract InetSocketAddress remote();

    /** True for TCP clients. */
    abstract boolean reliable();
}
