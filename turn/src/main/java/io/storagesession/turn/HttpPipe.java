package io.storagesession.turn;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTPS connection that arrived on the TURN-over-TLS port shared with HTTPS — KVS serves HTTPS, WSS and TURN over
 * TLS on one port, 443, and the KVS C SDK knows no other. TLS ends here; the decrypted byte stream is piped, both
 * ways, to the server's plain HTTP listener on loopback. Being a byte pipe, HTTP/1.1 keep-alive and WebSocket upgrades
 * pass unchanged, the Host header that SigV4 signs among them.
 *
 * <p>It runs on the relay thread's selector and never blocks: the backend connect is non-blocking, and each direction
 * holds one bounded buffer whose fullness stops reading from its source (backpressure, never growth). Ends
 * propagate: the client's close_notify or EOF shuts the backend's output once everything before it was written; the
 * backend's EOF becomes close_notify (RFC 8446 §6.1) and a FIN toward the client, after which the pipe closes. Any
 * error closes both sockets at once.
 */
final class HttpPipe {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPipe.class);

    private final TcpClient client;
    private final SocketChannel backend;
    private final Runnable released;
    /** Plaintext read from the backend, waiting to be encrypted into the client's output buffer. */
    private final ByteBuffer fromBackend;
    private SelectionKey backendKey;
    private boolean connected;
    private boolean clientInputDone;
    private boolean backendOutputShut;
    private boolean backendInputDone;
    private boolean closeNotifyQueued;
    private boolean closed;

    /** The backend socket's key attachment: tells the relay loop which end of which pipe is ready. */
    record Backend(HttpPipe pipe) {
    }

    /**
     * Takes over an accepted TLS connection whose first plaintext (already in {@code client.in}) is not STUN.
     *
     * @param released run once when the pipe has closed both sockets (the connection leaves the server's count)
     */
    HttpPipe(TcpClient client, Runnable released) throws IOException {
        this.client = client;
        this.released = released;
        this.fromBackend = ByteBuffer.allocate(client.tls.applicationBufferSize());
        this.backend = SocketChannel.open(Sockets.family(client.httpBackend.getAddress()));
    }

    /** Connects to the HTTP listener and starts moving bytes; throws when the backend cannot be reached. */
    void start(Selector selector) throws IOException {
        client.key.attach(this);
        backend.configureBlocking(false);
        backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connected = backend.connect(client.httpBackend);
        backendKey = backend.register(selector, 0, new Backend(this));
        pump();
    }

    /** The client's socket is readable or writable. */
    void onClientReady(SelectionKey key) throws IOException {
        if (key.isReadable() && client.channel.read(client.tls.netIn()) < 0) {
            // EOF without close_notify: a truncation (RFC 8446 §6.1) the HTTP server judges by what it got
            clientInputDone = true;
        }
        pump();
    }

    /** The backend's socket connected, or is readable or writable. */
    void onBackendReady(SelectionKey key) throws IOException {
        if (key.isConnectable() && backend.finishConnect()) {
            connected = true;
        }
        if (connected && key.isReadable() && backend.read(fromBackend) < 0) {
            backendInputDone = true;
        }
        pump();
    }

    /** Moves whatever can move in both directions, propagates ends, and asks the selector for what is missing. */
    private void pump() throws IOException {
        if (closed) {
            return;
        }
        TlsSession tls = client.tls;
        ByteBuffer toBackend = client.in;
        ByteBuffer out = client.out();
        if (!clientInputDone && tls.netIn().position() > 0 && !tls.unwrap(toBackend, out)) {
            clientInputDone = true;
        }
        if (connected && toBackend.position() > 0) {
            toBackend.flip();
            backend.write(toBackend);
            toBackend.compact();
        }
        if (connected && clientInputDone && toBackend.position() == 0 && !backendOutputShut) {
            backend.shutdownOutput();
            backendOutputShut = true;
        }
        if (fromBackend.position() > 0 && !closeNotifyQueued) {
            fromBackend.flip();
            boolean open = tls.wrapAvailable(fromBackend, out);
            fromBackend.compact();
            if (!open) {
                // the client closed TLS both ways (TLS 1.2 has no half-close): nothing more can reach it
                close();
                return;
            }
        }
        if (backendInputDone && fromBackend.position() == 0 && !closeNotifyQueued
                && out.remaining() >= tls.packetBufferSize()) {
            tls.closeOutbound(out);
            closeNotifyQueued = true;
        }
        if (out.position() > 0) {
            out.flip();
            client.channel.write(out);
            out.compact();
        }
        if (closeNotifyQueued && out.position() == 0) {
            // everything the backend said was delivered: FIN after it, then the pipe is done
            client.channel.shutdownOutput();
            close();
            return;
        }
        interest(toBackend, out);
    }

    private void interest(ByteBuffer toBackend, ByteBuffer out) {
        int clientOps = 0;
        if (!clientInputDone && client.tls.netIn().hasRemaining()) {
            clientOps |= SelectionKey.OP_READ;
        }
        if (out.position() > 0) {
            clientOps |= SelectionKey.OP_WRITE;
        }
        client.key.interestOps(clientOps);
        int backendOps;
        if (!connected) {
            backendOps = SelectionKey.OP_CONNECT;
        } else {
            backendOps = 0;
            if (!backendInputDone && fromBackend.hasRemaining()) {
                backendOps |= SelectionKey.OP_READ;
            }
            if (toBackend.position() > 0) {
                backendOps |= SelectionKey.OP_WRITE;
            }
        }
        backendKey.interestOps(backendOps);
    }

    /** Closes both sockets (idempotent). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SocketChannel channel : new SocketChannel[] {client.channel, backend}) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.trace("closing an HTTPS pipe", e);
            }
        }
        released.run();
    }
}
