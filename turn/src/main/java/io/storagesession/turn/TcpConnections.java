package io.storagesession.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP side of one relay thread: accepting connections (and spreading them over the threads), telling from each
 * one's first bytes whether it is TLS and then whether it is TURN or HTTPS ({@link FirstBytes}), decrypting TURN over
 * TLS for the relay's framing, handing HTTPS to an {@link HttpPipe}, and closing connections — at the server-wide
 * limit {@code turn.limits.max-tcp-connections}, and when one has made no allocation within
 * {@code turn.limits.tcp-idle-without-allocation} (which is also the bound on a TLS handshake or a first request that
 * never completes). Runs only on its relay thread, except {@link #adopt}.
 */
final class TcpConnections {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnections.class);

    private final TurnContext context;
    private final Selector selector;
    private final RelayLoop loop;
    /** Connections open on the whole server (every thread), TURN and HTTPS pipes alike. */
    private final AtomicInteger open;
    private final Queue<Adoption> handedOver = new ConcurrentLinkedQueue<>();
    private int acceptCursor;

    /**
     * A TCP listener: the plain TURN port, or the TURN-over-TLS port (shared with HTTPS when it has a backend).
     *
     * @param tls         the certificate for connections that open with a ClientHello; null when TLS is off
     * @param httpBackend where decrypted HTTP goes; null on listeners that carry only TURN
     */
    record Acceptor(ServerSocketChannel channel, SSLContext tls, InetSocketAddress httpBackend) {
    }

    /** A connection accepted by one thread and handed to another. */
    private record Adoption(SocketChannel channel, Acceptor from) {
    }

    TcpConnections(TurnContext context, Selector selector, RelayLoop loop, AtomicInteger open) {
        this.context = context;
        this.selector = selector;
        this.loop = loop;
        this.open = open;
    }

    /** Accepts what the listener holds, closing what exceeds the limit, and deals the rest over the threads. */
    void accept(Acceptor acceptor, RelayLoop[] loops) throws IOException {
        SocketChannel channel;
        while ((channel = acceptor.channel().accept()) != null) {
            if (open.incrementAndGet() > context.settings.maxTcpConnections()) {
                open.decrementAndGet();
                context.stats.dropped("tcp-connection-limit", 1);
                channel.close();
                continue;
            }
            RelayLoop target = loops[Math.floorMod(acceptCursor++, loops.length)];
            target.connections().adopt(channel, acceptor);
            target.wakeup();
        }
    }

    /** Called by the accepting thread: this thread takes over a new connection. */
    void adopt(SocketChannel channel, Acceptor from) {
        handedOver.add(new Adoption(channel, from));
    }

    /** Registers the connections other threads handed over since the last wake-up. */
    void adoptHandedOver() {
        Adoption adoption;
        while ((adoption = handedOver.poll()) != null) {
            SocketChannel channel = adoption.channel();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                TcpClient tcp = new TcpClient(channel, (InetSocketAddress) channel.getRemoteAddress(),
                        context.settings.tcpWriteBufferBytes(), adoption.from().tls(), adoption.from().httpBackend(),
                        context.clock.millis());
                tcp.key = channel.register(selector, SelectionKey.OP_READ, tcp);
            } catch (IOException e) {
                open.decrementAndGet();
                try {
                    channel.close();
                } catch (IOException ignored) {
                    LOG.trace("closing a failed TCP client", ignored);
                }
            }
        }
    }

    /** A key of this thread's TCP side is ready: a TURN client, or either end of an HTTPS pipe. */
    void onReady(SelectionKey key, Object attachment) {
        try {
            if (attachment instanceof TcpClient tcp) {
                if (key.isWritable() && !tcp.flush()) {
                    close(tcp);
                    return;
                }
                if (key.isReadable()) {
                    read(tcp);
                }
            } else if (attachment instanceof HttpPipe pipe) {
                pipe.onClientReady(key);
            } else if (attachment instanceof HttpPipe.Backend backend) {
                backend.pipe().onBackendReady(key);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("TCP connection closed: {}", e.toString());
            if (attachment instanceof TcpClient tcp) {
                if (e instanceof SSLException) {
                    context.stats.dropped("tls-failed", 1);
                }
                close(tcp);
            } else if (attachment instanceof HttpPipe pipe) {
                pipe.close();
            } else if (attachment instanceof HttpPipe.Backend backend) {
                backend.pipe().close();
            }
        }
    }

    private void read(TcpClient tcp) throws IOException {
        if (!tcp.transportKnown) {
            if (!startTransport(tcp)) {
                return;
            }
        } else if (tcp.channel.read(tcp.tls == null ? tcp.in : tcp.tls.netIn()) < 0) {
            close(tcp);
            return;
        }
        if (tcp.tls == null) {
            plaintext(tcp);
            return;
        }
        int before;
        do {
            before = tcp.in.position();
            if (!tcp.tls.unwrap(tcp.in, tcp.out()) || !tcp.flush()) {
                close(tcp);
                return;
            }
            if (!plaintext(tcp)) {
                return;
            }
        } while (tcp.tls.netIn().position() > 0 && tcp.in.position() != before);
    }

    /**
     * Reads a new connection's first bytes and decides, from the first, whether it speaks TLS (a ClientHello on a
     * listener with a certificate) or plain TCP. False when nothing arrived yet or the connection closed.
     */
    private boolean startTransport(TcpClient tcp) throws IOException {
        if (tcp.channel.read(tcp.in) < 0) {
            close(tcp);
            return false;
        }
        if (tcp.in.position() == 0) {
            return false;
        }
        tcp.transportKnown = true;
        if (tcp.tlsContext == null || !FirstBytes.isTlsHandshake(tcp.in.get(0) & 0xff)) {
            return true;
        }
        tcp.tls = new TlsSession(tcp.tlsContext.createSSLEngine());
        ByteBuffer netIn = tcp.tls.netIn();
        tcp.in.flip();
        if (tcp.in.remaining() > netIn.remaining()) {
            // a ClientHello is one record, and the client waits for our answer: this much is not a TLS client
            context.stats.dropped("tls-failed", 1);
            close(tcp);
            return false;
        }
        netIn.put(tcp.in);
        tcp.in.clear();
        return true;
    }

    /**
     * Acts on the plaintext in {@code tcp.in}: before the first STUN message, decides what the connection is; then
     * hands the frames to the relay. False when the connection was closed or left for an HTTPS pipe.
     */
    private boolean plaintext(TcpClient tcp) throws IOException {
        if (!tcp.turn) {
            switch (FirstBytes.classify(tcp.in, tcp.in.position())) {
                case UNDECIDED -> {
                    return true;
                }
                case STUN -> tcp.turn = true;
                case OTHER -> {
                    if (tcp.tls != null && tcp.httpBackend != null) {
                        pipe(tcp);
                    } else {
                        context.stats.dropped("not-turn", 1);
                        close(tcp);
                    }
                    return false;
                }
                default -> throw new IllegalStateException();
            }
        }
        return loop.processFrames(tcp);
    }

    /** HTTPS on the shared port: the connection leaves TURN for a pipe to the HTTP listener. */
    private void pipe(TcpClient tcp) {
        HttpPipe pipe = null;
        try {
            pipe = new HttpPipe(tcp, open::decrementAndGet);
            pipe.start(selector);
        } catch (IOException e) {
            LOG.warn("HTTPS on the TURN port: the HTTP listener at {} cannot be reached: {}", tcp.httpBackend,
                    e.toString());
            context.stats.dropped("https-backend-unreachable", 1);
            if (pipe != null) {
                pipe.close();
            } else {
                close(tcp);
            }
        }
    }

    /** Closes a TURN client's connection and releases its allocation. */
    void close(TcpClient tcp) {
        if (!tcp.channel.isOpen()) {
            return;
        }
        open.decrementAndGet();
        if (tcp.allocation != null) {
            loop.close(tcp.allocation);
        }
        try {
            tcp.channel.close();
        } catch (IOException e) {
            LOG.trace("closing a TCP client", e);
        }
    }

    /**
     * Closes connections that made no allocation in time: idle TURN clients, TLS handshakes that never finish
     * (slowloris), first requests that never complete. HTTPS pipes are the HTTP server's to time out.
     */
    void closeIdle(long now) {
        long idleLimit = context.settings.tcpIdleWithoutAllocation().toMillis();
        // Closing cancels keys, which leave the key set only at the next select: no copy is needed.
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof TcpClient tcp && tcp.allocation == null
                    && now - tcp.acceptedMillis > idleLimit) {
                context.stats.dropped("tcp-idle", 1);
                close(tcp);
            }
        }
    }

    /** Closes every connection of this thread (the server stops). */
    void closeAll() {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.attachment() instanceof TcpClient tcp) {
                close(tcp);
            } else if (key.attachment() instanceof HttpPipe pipe) {
                pipe.close();
            }
        }
        Adoption adoption;
        while ((adoption = handedOver.poll()) != null) {
            open.decrementAndGet();
            try {
                adoption.channel().close();
            } catch (IOException e) {
                LOG.trace("closing a TCP client", e);
            }
        }
    }
}
