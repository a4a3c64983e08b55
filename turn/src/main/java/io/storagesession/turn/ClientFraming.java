package io.storagesession.turn;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The send side of one TURN client: frames a datagram for the server and writes it to the client's UDP socket from the
 * caller's thread — as ChannelData (RFC 8656 §12.5: a 4-byte header, no padding over UDP) once the peer's channel is
 * bound, as a Send indication (§11.2: XOR-PEER-ADDRESS and DATA) before. One reused direct buffer, guarded by this
 * object's lock for the few microseconds of a copy and a write, so any number of threads may send and nothing is
 * allocated per datagram. {@link DatagramChannel#write} is itself thread-safe; the lock only protects the buffer.
 */
final class ClientFraming {
    /** Room for the largest Send indication header (IPv6 XOR-PEER-ADDRESS) and the DATA padding. */
    static final int SEND_INDICATION_ROOM = Stun.HEADER + 4 + 20 + 4 + 3;
    /**
     * Datagrams up to this size are framed in the reused buffer. WebRTC keeps its datagrams under the path MTU, so a
     * larger one is an exception that gets a buffer of its own rather than a reason to hold 64 KB per participant.
     */
    static final int REUSED_BUFFER_PAYLOAD = 4096;
    /** The largest UDP payload over IPv4 (65,535 less the IP and UDP headers). */
    static final int MAX_UDP_PAYLOAD = 65_507;
    private static final int IPV4_XOR_ADDRESS = 8;
    private static final int IPV6_XOR_ADDRESS = 20;
    private static final int TRANSACTION_ID_AT = 8;

    private final DatagramChannel channel;
    private final ByteBuffer out = ByteBuffer.allocateDirect(REUSED_BUFFER_PAYLOAD + SEND_INDICATION_ROOM);
    /** Send indications need distinct transaction ids (RFC 8489 §6): a random prefix and a counter. */
    private final long transactionSalt = ClientTransaction.RANDOM.nextLong();
    private long indications;

    ClientFraming(DatagramChannel channel) {
        this.channel = channel;
    }

    /** Frames and writes one datagram to {@code c}'s peer; false when the socket dropped it or is closed. */
    boolean send(PeerChannel c, byte[] buf, int off, int len) {
        if (len > MAX_UDP_PAYLOAD - SEND_INDICATION_ROOM) {
            return false;
        }
        synchronized (this) {
            ByteBuffer o = len <= REUSED_BUFFER_PAYLOAD ? out : ByteBuffer.allocate(len + SEND_INDICATION_ROOM);
            o.clear();
            if (c.bound) {
                o.putShort((short) c.number).putShort((short) len).put(buf, off, len);
            } else {
                sendIndication(o, c.peer, buf, off, len);
            }
            o.flip();
            try {
                return channel.write(o) > 0;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private void sendIndication(ByteBuffer o, InetSocketAddress peer, byte[] buf, int off, int len) {
        int addressLength = peer.getAddress() instanceof Inet4Address ? IPV4_XOR_ADDRESS : IPV6_XOR_ADDRESS;
        int padded = (len + 3) & ~3;
        o.putShort((short) Stun.type(Stun.SEND, Stun.CLASS_INDICATION))
                .putShort((short) (4 + addressLength + 4 + padded))
                .putInt(Stun.MAGIC_COOKIE)
                .putInt((int) (transactionSalt >>> Integer.SIZE))
                .putLong(transactionSalt ^ ++indications);
        Stun.writeXorAddress(o, Stun.HEADER, Stun.ATTR_XOR_PEER_ADDRESS, peer, TRANSACTION_ID_AT);
        o.position(Stun.HEADER + 4 + addressLength);
        o.putShort((short) Stun.ATTR_DATA).putShort((short) len).put(buf, off, len);
        for (int i = len; i < padded; i++) {
            o.put((byte) 0);
        }
    }
}
