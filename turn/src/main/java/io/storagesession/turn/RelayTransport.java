package io.storagesession.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A relayed transport address (RFC 8656 §2) that a process holds for itself, as the storage session holds one per
 * participant: whatever its {@link RelayReceiver} is given arrived from a permitted peer at {@link #address()}, and
 * {@link #send} leaves from that address. Two kinds exist: a slot in the embedded TURN server's own relay loop
 * ({@link TurnServer#openLocal}, no TURN client and no extra hop), and an allocation on an outside TURN server made
 * by a non-blocking client.
 *
 * <p>Thread-safe: {@link #send} may be called from any thread (the session executor for media, a DTLS handshake
 * thread) and allocates nothing in steady state.
 */
public interface RelayTransport extends AutoCloseable {
    /** The relayed transport address: the candidate the storage session advertises (RFC 8445 §5.1.1.2). */
    InetSocketAddress address();

    /**
     * Lets datagrams from {@code peer}'s IP address through (RFC 8656 §9: permissions are per IP, and nothing arrives
     * from an address without one). Idempotent; kept until {@link #close()}.
     */
    void permit(InetAddress peer);

    /**
     * Sends one datagram to {@code peer} from {@link #address()}; false when it was dropped (no permission, a full
     * socket buffer, closed). Never blocks.
     */
    boolean send(byte[] buf, int off, int len, InetSocketAddress peer);

    /** Releases the relayed address; nothing is delivered afterwards. Idempotent. */
    @Override
    void close();
}
