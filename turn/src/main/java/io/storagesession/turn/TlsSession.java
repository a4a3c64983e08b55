package io.storagesession.turn;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a TURN client's TCP connection (RFC 8656 §3.1, TURN over TLS on its own port): decrypts what arrives into
 * the client's plain input buffer and encrypts what the relay sends into its bounded output buffer, driving the
 * handshake as data flows. Handshake tasks (key agreement) run inline: they take microseconds to a millisecond and
 * happen once per connection.
 */
final class TlsSession {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer stage;

    TlsSession(SSLEngine engine) {
        this.engine = engine;
        engine.setUseClientMode(false);
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 2);
        this.stage = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() + 4);
    }

    /** Where the socket's encrypted bytes are read into. */
    ByteBuffer netIn() {
        return netIn;
    }

    /**
     * Decrypts what {@link #netIn} holds into {@code plain}, writing any handshake replies into {@code out}.
     * False when the peer closed TLS or sent garbage.
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

    /** Encrypts {@code length} bytes of {@code src} from {@code from}, zero-padded to {@code padded}, into out. */
    boolean wrap(ByteBuffer src, int from, int length, int padded, ByteBuffer out) throws SSLException {
        stage.clear();
        src.limit(from + length).position(from);
        stage.put(src);
        for (int i = length; i < padded; i++) {
            stage.put((byte) 0);
        }
        stage.flip();
        while (stage.hasRemaining()) {
            SSLEngineResult r = engine.wrap(stage, out);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                return false;
            }
        }
        return true;
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
