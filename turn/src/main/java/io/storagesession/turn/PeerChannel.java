package io.storagesession.turn;

import java.net.InetSocketAddress;

/**
 * A peer transport address the client sends to, and the channel number it binds for it (RFC 8656 §12): created on the
 * first send to the peer, bound by the I/O thread, and from then on the peer's datagrams go as 4-byte-header
 * ChannelData instead of Send indications. The same {@link #peer} object is handed to the receiver with every
 * datagram from the peer, so receiving allocates no address per packet.
 */
final class PeerChannel {
    /** Channel number for a peer that gets no channel (the client ran out of numbers): Send indications only. */
    static final int NONE = -1;

    final InetSocketAddress peer;
    final int number;
    /** Set by the I/O thread once the server confirmed the binding; read by senders on any thread. */
    volatile boolean bound;
    /** The binding's refresh (I/O thread only). */
    ClientTimers.Timer refresh;

    PeerChannel(InetSocketAddress peer, int number) {
        this.peer = peer;
        this.number = number;
    }
}
