package io.storagesession.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;

/**
 * A client connected over TCP (RFC 8656 §3.1). STUN messages and ChannelData arrive framed on the stream — a STUN
 * message's length is in its header, ChannelData is padded to 4 bytes (§12.5) — and leave the same way. Output waits
 * in a bounded buffer: a client that does not read loses packets rather than growing the server's memory.
 *
 * <p>What the connection is becomes known from its first bytes ({@link FirstBytes}): a ClientHello starts TLS (on any
 * TURN listener that has a certificate), and the first plaintext is a TURN client's STUN request — or, on the port
 * shared with HTTPS, HTTP, which leaves this class for an {@link HttpPipe}.
 */
final class TcpClient extends Client {
    private static final int MAX_FRAME = Stun.CHANNEL_DATA_HEADER + 0xFFFF + 3;

    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(MAX_FRAME + Stun.HEADER);
    private final int writeBufferBytes;
    /** Allocated on the first write: most bytes a connection holds are output waiting for a slow reader. */
    ByteBuffer out;
    final long acceptedMillis;
    /** The listener's certificate, for a connection that opens with a ClientHello; null where TLS is off. */
    final SSLContext tlsContext;
    /** Where HTTP goes when this connection turns out to be HTTPS; null on listeners that carry only TURN. */
    final InetSocketAddress httpBackend;
    /** TLS on this connection once its first byte asked for it, else null (plain TCP). */
    TlsSession tls;
    /** False until the first byte told TLS from plain TCP. */
    boolean transportKnown;
    /** True once the first plaintext was STUN: from then on the stream is TURN framing. */
    boolean turn;
    private final InetSocketAddress address;
    SelectionKey key;

    TcpClient(SocketChannel channel, InetSocketAddress address, int writeBufferBytes, SSLContext tlsContext,
              InetSocketAddress httpBackend, long acceptedMillis) {
        this.channel = channel;
        this.address = address;
        this.writeBufferBytes = writeBufferBytes;
        this.tlsContext = tlsContext;
        this.httpBackend = httpBackend;
        this.acceptedMillis = acceptedMillis;
    }

    /** The output buffer, allocated when first needed. */
    ByteBuffer out() {
        if (out == null) {
            out = ByteBuffer.allocate(writeBufferBytes);
        }
        return out;
    }

    @Override
    boolean send(ByteBuffer buf, int from, int length, boolean channelData) {
        int padded = channelData ? (length + 3) & ~3 : length;
        if (tls != null) {
            try {
                return tls.wrap(buf, from, length, padded, out()) && flush();
            } catch (javax.net.ssl.SSLException e) {
                return false;
            }
        }
        ByteBuffer out = out();
        if (out.remaining() < padded) {
            return false;
        }
        buf.limit(from + length).position(from);
        out.put(buf);
        for (int i = length; i < padded; i++) {
            out.put((byte) 0);
        }
        return flush();
    }

    /** Writes what the socket takes; asks for OP_WRITE while anything waits. False when the connection failed. */
    boolean flush() {
        ByteBuffer out = out();
        out.flip();
        try {
            channel.write(out);
        } catch (IOException e) {
            out.compact();
            return false;
        }
        out.compact();
        if (key != null && key.isValid()) {
            key.interestOps(out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
        return true;
    }

    /**
     * The length of the complete frame at the start of {@code in}'s readable bytes (from {@code at} to
     * {@code end}), 0 when more bytes are needed, -1 when the stream is not STUN or ChannelData.
     */
    static int frameLength(ByteBuffer in, int at, int end) {
        if (end - at < Stun.CHANNEL_DATA_HEADER) {
            return 0;
        }
        int first = in.get(at) & 0xff;
        int length = ((in.get(at + 2) & 0xff) << 8) | (in.get(at + 3) & 0xff);
        int total;
        if (Stun.isChannelData(first)) {
            total = Stun.CHANNEL_DATA_HEADER + ((length + 3) & ~3);
        } else if (Stun.isStun(first)) {
            total = Stun.HEADER + length;
        } else {
            return -1;
        }
        return end - at >= total ? total : 0;
    }

    @Override
    InetSocketAddress remote() {
        return address;
    }

    @Override
    boolean reliable() {
        return true;
    }
}
