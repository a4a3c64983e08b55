package io.storagesession.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A relayed transport address of the embedded TURN server held by the server process itself (the storage session's
 * side of each participant), with no TURN client, no client socket and no ChannelData hop: its socket sits in a
 * relay loop's selector like any allocation's, and what arrives from a permitted peer goes straight to the
 * {@link RelayReceiver} on that loop's thread. Permissions behave as an allocation's (RFC 8656 §9, by IP) but do not
 * expire: the holder closes the relay when it is done. Counts against the channel's allocation quota like any
 * allocation, so a channel cannot use the server's own relays to exceed it.
 */
public final class LocalRelay implements RelayTransport {
    private static final InetAddress[] NONE = new InetAddress[0];
    /**
     * The send buffer holds any datagram a WebRTC peer sends on an Ethernet path (MTU-sized SRTP, DTLS flights are
     * fragmented to the DTLS MTU); a larger one is sent from a temporary wrapper.
     */
    private static final int SEND_BUFFER_BYTES = 2048;

    final DatagramChannel channel;
    final RelayReceiver receiver;
    final String quotaGroup;
    private final InetSocketAddress address;
    private final ByteBuffer out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile InetAddress[] permitted = NONE;
    private long sendFailures;

    LocalRelay(DatagramChannel channel, InetSocketAddress address, String quotaGroup, RelayReceiver receiver,
               Runnable onClose) {
        this.channel = channel;
        this.address = address;
        this.quotaGroup = quotaGroup;
        this.receiver = receiver;
        this.out = ByteBuffer.allocateDirect(SEND_BUFFER_BYTES);
        this.onClose = onClose;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public synchronized void permit(InetAddress peer) {
        if (!permitted(peer)) {
            InetAddress[] grown = Arrays.copyOf(permitted, permitted.length + 1);
            grown[grown.length - 1] = peer;
            permitted = grown;
        }
    }

    /** Whether {@code peer} has a permission; no allocation, for the relay loop's per-packet check. */
    boolean permitted(InetAddress peer) {
        InetAddress[] list = permitted;
        for (InetAddress a : list) {
            if (a.equals(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the datagram into this relay's own direct buffer (so the JDK needs no temporary one) and sends it; the
     * buffer is shared by the session executor and a DTLS handshake thread, hence the brief lock.
     */
    @Override
    public boolean send(byte[] buf, int off, int len, InetSocketAddress peer) {
        if (closed.get() || !permitted(peer.getAddress())) {
            return false;
        }
        synchronized (out) {
            try {
                if (len > out.capacity()) {
                    return channel.send(ByteBuffer.wrap(buf, off, len), peer) > 0;
                }
                out.clear();
                out.put(buf, off, len).flip();
                return channel.send(out, peer) > 0;
            } catch (IOException e) {
                sendFailures++;
                return false;
            }
        }
    }

    /** Datagrams that could not be sent because the socket failed (a full buffer returns false without counting). */
    public long sendFailures() {
        synchronized (out) {
            return sendFailures;
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "local relay " + address;
    }
}
