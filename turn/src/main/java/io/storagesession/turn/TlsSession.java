package io.storagesession.turn;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over one TCP connection to a TURN listener (RFC 8656 §3.1 TURN over TLS; on the port shared with HTTPS, the
 * HTTPS connection too): decrypts what arrives into a plain input buffer and encrypts what leaves into the
 * connection's bounded output buffer, driving the handshake as data flows. Handshake tasks (key agreement) run inline:
 * they take microseconds to a millisecond and happen once per connection.
 */
final class TlsSession {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** RFC 8446 §5.1: the most plaintext one TLS record carries. */
    private static final int MAX_RECORD_PLAINTEXT = 1 << 14;

    private final SSLEngine engine;
    private final ByteBuffer netIn;
    /** A frame's payload and its zero padding, encrypted together with one gathering wrap (no copy). */
    private final ByteBuffer[] frame = new ByteBuffer[2];
    private final ByteBuffer padding = ByteBuffer.allocate(3);
    private final int packetBufferSize;
    /** What one record adds to its plaintext at most (header, MAC or tag, padding). */
    private final int recordOverhead;

    TlsSession(SSLEngine engine) {
        this.engine = engine;
        engine.setUseClientMode(false);
        this.packetBufferSize = engine.getSession().getPacketBufferSize();
        this.recordOverhead = Math.max(0, packetBufferSize - MAX_RECORD_PLAINTEXT);
        this.netIn = ByteBuffer.allocate(packetBufferSize * 2);
        frame[1] = padding;
    }

    /** Where the socket's encrypted bytes are read into. */
    ByteBuffer netIn() {
        return netIn;
    }

    /** The largest record this session writes: an output buffer with less room cannot take the next one. */
    int packetBufferSize() {
        return packetBufferSize;
    }

    /** The largest plaintext one unwrap may produce: a plain buffer needs this much room to make progress. */
    int applicationBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /** True once the peer's close_notify arrived: nothing more will be decrypted. */
    boolean inboundDone() {
        return engine.isInboundDone();
    }

    /** True once the handshake finished (application data may flow). */
    boolean handshakeDone() {
        HandshakeStatus s = engine.getHandshakeStatus();
        return s == HandshakeStatus.NOT_HANDSHAKING || s == HandshakeStatus.FINISHED;
    }

    /**
     * Decrypts what {@link #netIn} holds into {@code plain}, writing any handshake replies into {@code out}.
     * False when the peer closed TLS (see {@link #inboundDone()}); throws when it sent something that is not TLS.
     */
    boolean unwrap(ByteBuffer plain, ByteBuffer out) throws SSLException {
        netIn.flip();
        try {
            while (true) {
                SSLEngineResult r = engine.unwrap(netIn, plain);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return false;
                }
                if (!handshake(r.getHandshakeStatus(), out)) {
                    return false;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                        || r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW
                        || (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                            && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP)) {
                    return true;
                }
                if (!netIn.hasRemaining()) {
                    return true;
                }
            }
        } finally {
            netIn.compact();
        }
    }

    /**
     * Encrypts {@code length} bytes of {@code src} from {@code from}, zero-padded to {@code padded}, into out — whole
     * or not at all: a TURN frame cut between records would desynchronise the stream's framing (RFC 8656 §12.5).
     */
    boolean wrap(ByteBuffer src, int from, int length, int padded, ByteBuffer out) throws SSLException {
        int records = (padded + MAX_RECORD_PLAINTEXT - 1) / MAX_RECORD_PLAINTEXT;
        if (out.remaining() < padded + records * recordOverhead) {
            return false;
        }
        src.limit(from + length).position(from);
        padding.clear().limit(padded - length);
        frame[0] = src;
        try {
            while (src.hasRemaining() || padding.hasRemaining()) {
                SSLEngineResult r = engine.wrap(frame, out);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    return false;
                }
            }
            return true;
        } finally {
            frame[0] = null;
        }
    }

    /**
     * Encrypts as much of {@code plain}'s readable bytes as {@code out} has room for, record by record (a byte
     * stream, so it may stop anywhere). False when this side's TLS is already closed.
     */
    boolean wrapAvailable(ByteBuffer plain, ByteBuffer out) throws SSLException {
        while (plain.hasRemaining() && out.remaining() >= packetBufferSize) {
            SSLEngineResult r = engine.wrap(plain, out);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return false;
            }
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                return true;
            }
        }
        return true;
    }

    /** Ends this side of TLS: writes close_notify into out (RFC 8446 §6.1), when it has room for it. */
    void closeOutbound(ByteBuffer out) throws SSLException {
        engine.closeOutbound();
        while (!engine.isOutboundDone() && out.remaining() >= packetBufferSize) {
            SSLEngineResult r = engine.wrap(EMPTY, out);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesProduced() == 0) {
                return;
            }
        }
    }

    private boolean handshake(HandshakeStatus status, ByteBuffer out) throws SSLException {
        HandshakeStatus s = status;
        while (true) {
            switch (s) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    s = engine.getHandshakeStatus();
                }
                case NEED_WRAP -> {
                    SSLEngineResult r = engine.wrap(EMPTY, out);
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        return r.getStatus() != SSLEngineResult.Status.CLOSED;
                    }
                    s = r.getHandshakeStatus();
                }
                default -> {
                    return true;
                }
            }
        }
    }
}
