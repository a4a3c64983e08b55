package io.storagesession.turn;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded TURN server (RFC 8656 over UDP, TCP and TLS client transports, UDP relays), authenticating with the
 * TURN REST API secret that GetIceServerConfig signs credentials with. Its TLS port may also carry HTTPS
 * ({@link TurnTls}), as KVS's 443 does. It runs one relay thread per core; each binds the
 * TURN port with SO_REUSEPORT and owns the allocations of the clients the kernel steers to it.
 */
public final class TurnServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnServer.class);
    private static final int TCP_BACKLOG = 1024;
    private static final long STOP_TIMEOUT_SECONDS = 5;
    /** Descriptors below this are boxed without garbage when the JVM caches them (the advice's AutoBoxCacheMax). */
    private static final int BOXED_DESCRIPTORS = 65536;

    private final TurnContext context;
    private final RelayLoop[] loops;
    private final List<Thread> threads = new ArrayList<>();
    private final int port;
    private final int tlsPort;
    private final AtomicInteger tcpConnections;
    /** Round robin over the relay threads for local relays. */
    private final AtomicInteger nextLoop = new AtomicInteger();

    /** With port 0, how many ports to try before giving up on a UDP and TCP pair. */
    private static final int EPHEMERAL_PORT_ATTEMPTS = 10;

    private TurnServer(TurnContext context, RelayLoop[] loops, int port, int tlsPort, AtomicInteger tcpConnections) {
        this.context = context;
        this.loops = loops;
        this.port = port;
        this.tlsPort = tlsPort;
        this.tcpConnections = tcpConnections;
    }

    private static ServerSocketChannel tcpListener(InetAddress listen, int port) throws IOException {
        ServerSocketChannel tcp = ServerSocketChannel.open(Sockets.family(listen));
        tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        tcp.bind(new InetSocketAddress(listen, port), TCP_BACKLOG);
        return tcp;
    }

    /** The TURN-over-TLS port (shared with HTTPS when it has an HTTP backend), or 0 when TLS is off. */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * Binds the listeners and starts the relay threads, with TURN over TLS as {@code turn.tls} says
     * ({@link TurnTls#from}).
     *
     * @param secret       the TURN REST API shared secret
     * @param relayAddress the address relayed transport addresses are bound to and advertised with
     */
    public static TurnServer start(TurnSettings settings, String secret, InetAddress relayAddress, TurnStats stats,
                                   Clock clock) throws IOException {
        return start(settings, secret, relayAddress, stats, clock, TurnTls.from(settings));
    }

    /**
     * Binds the listeners and starts the relay threads.
     *
     * @param secret       the TURN REST API shared secret
     * @param relayAddress the address relayed transport addresses are bound to and advertised with
     * @param tls          TURN over TLS: its port, certificate and, on a port shared with HTTPS, the HTTP listener
     */
    public static TurnServer start(TurnSettings settings, String secret, InetAddress relayAddress, TurnStats stats,
                                   Clock clock, TurnTls tls) throws IOException {
        return start(settings, secret, relayAddress, stats, clock, clock, tls);
    }

    /**
     * As {@link #start(TurnSettings, String, InetAddress, TurnStats, Clock, TurnTls)}, with durations — lifetimes of
     * allocations, permissions and channels, bandwidth budgets — measured on {@code lifetimes} (a {@link SteadyClock}
     * in the server, so that a step of the system clock expires nothing) and credential and nonce expiry, which are
     * absolute times shared with GetIceServerConfig, on {@code wall}.
     */
    public static TurnServer start(TurnSettings settings, String secret, InetAddress relayAddress, TurnStats stats,
                                   Clock wall, Clock lifetimes, TurnTls tls) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return bind(settings, secret, relayAddress, stats, wall, lifetimes, tls);
            } catch (BindException e) {
                // Port 0: the UDP port chosen may be some TCP connection's ephemeral port; choose again.
                if (settings.port() != 0 || attempt >= EPHEMERAL_PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static TurnServer bind(TurnSettings settings, String secret, InetAddress relayAddress, TurnStats stats,
                                   Clock wall, Clock lifetimes, TurnTls tls) throws IOException {
        TurnAuth auth = new TurnAuth(secret, settings.realm(), settings.nonceLifetime(), wall);
        PeerPolicy policy = new PeerPolicy(settings.allowedPeers(), settings.deniedPeers(), Set.of(relayAddress));
        RelayPorts ports = new RelayPorts(relayAddress, settings.relayPortMin(), settings.relayPortMax());
        TurnContext context = new TurnContext(settings, auth, policy, ports, stats, lifetimes);
        InetAddress listen = InetAddress.getByName(settings.listenHost());
        int threads = settings.relayThreads();
        List<DatagramChannel> listeners = new ArrayList<>();
        List<TcpConnections.Acceptor> acceptors = new ArrayList<>();
        try {
            int port = claimPort(listen, settings.port());
            for (int i = 0; i < threads; i++) {
                listeners.add(Sockets.listener(new InetSocketAddress(listen, port), settings.listenerBufferBytes()));
            }
            // the plain port runs TLS too, for clients that send a ClientHello to turn:…?transport=tcp
            acceptors.add(new TcpConnections.Acceptor(tcpListener(listen, port), tls.context(), null));
            int tlsPort = 0;
            if (tls.enabled()) {
                ServerSocketChannel tlsListener = tcpListener(listen, tls.port());
                acceptors.add(new TcpConnections.Acceptor(tlsListener, tls.context(), tls.httpBackend()));
                tlsPort = ((InetSocketAddress) tlsListener.getLocalAddress()).getPort();
            }
            RelayLoop[] loops = new RelayLoop[threads];
            AtomicInteger tcpConnections = new AtomicInteger();
            for (int i = 0; i < threads; i++) {
                loops[i] = new RelayLoop(context, "turn-relay-" + i, listeners.get(i), i == 0 ? acceptors : List.of(),
                        loops, tcpConnections);
            }
            TurnServer server = new TurnServer(context, loops, port, tlsPort, tcpConnections);
            for (RelayLoop loop : loops) {
                Thread t = new Thread(loop);
                t.setDaemon(true);
                server.threads.add(t);
                t.start();
            }
            LOG.info("TURN listening on {}:{} (UDP, TCP){}, relaying from {} ports {}-{}", listen.getHostAddress(),
                    port, tlsPort == 0 ? "" : tls.httpBackend() == null ? " and TLS port " + tlsPort
                            : " and TLS port " + tlsPort + " shared with HTTPS (piped to " + tls.httpBackend() + ")",
                    relayAddress.getHostAddress(), settings.relayPortMin(), settings.relayPortMax());
            if (!descriptorsBoxedWithoutGarbage()) {
                LOG.info("TURN relay: the JDK's selector boxes every ready socket's file descriptor, making an object "
                        + "per relayed packet once descriptors pass 127; java -XX:AutoBoxCacheMax={} avoids it",
                        BOXED_DESCRIPTORS);
            }
            return server;
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel l : listeners) {
                l.close();
            }
            for (TcpConnections.Acceptor a : acceptors) {
                a.channel().close();
            }
            throw e;
        }
    }

    /**
     * Checks that nobody holds the port — with a plain bind, which fails even against another process's SO_REUSEPORT
     * sockets (a coturn already on 3478, say), where the relay threads' own SO_REUSEPORT binds would silently share
     * the port with it — and returns it (the chosen one for port 0).
     */
    private static int claimPort(InetAddress listen, int port) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(Sockets.family(listen))) {
            probe.bind(new InetSocketAddress(listen, port));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IOException("TURN port " + port + " is in use (is another TURN server running?)", e);
        }
    }

    /** The UDP and TCP port the server listens on. */
    public int port() {
        return port;
    }

    /**
     * Opens a relayed transport address held by this process itself ({@link LocalRelay}): a port of the relay range
     * on one of the relay threads (in turn), counted against {@code username}'s channel quota like an allocation.
     * Quick (one bind), so any thread may call it.
     *
     * @param channel the signaling channel it serves: the quota group, as a participant's REST username names it
     * @throws IOException when the server is at capacity, the channel at its quota, or no relay port is free
     */
    public LocalRelay openLocal(String channel, RelayReceiver receiver) throws IOException {
        TurnContext.Admission admission = context.admit(channel);
        if (admission != TurnContext.Admission.ADMITTED) {
            throw new IOException("no relay for channel " + channel + ": " + (admission == TurnContext.Admission.CAPACITY
                    ? "the TURN server is at turn.max-allocations" : "the channel is at turn.allocations-per-channel"));
        }
        DatagramChannel socket;
        try {
            socket = context.ports.bind(false);
        } catch (IOException | RuntimeException e) {
            context.release(channel);
            throw e;
        }
        if (socket == null) {
            context.release(channel);
            throw new IOException("no relay for channel " + channel + ": every port of the relay range is in use");
        }
        long opened = context.clock.millis();
        LocalRelay relay = new LocalRelay(context, socket, (InetSocketAddress) socket.getLocalAddress(), channel, receiver,
                () -> {
                    context.stats.connected(channel, context.clock.millis() - opened);
                    context.release(channel);
                    context.stats.allocationClosed(channel);
                });
        context.stats.allocationOpened(channel);
        context.index.put(relay.address(), relay);
        loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)].adopt(relay);
        return relay;
    }

    public int allocationCount() {
        return context.allocationCount();
    }

    /** TCP and TLS connections open now: TURN clients, handshakes in progress and HTTPS pipes. */
    public int tcpConnectionCount() {
        return tcpConnections.get();
    }

    /** Stops every relay thread, releasing all sockets and allocations. */
    @Override
    public void close() {
        for (RelayLoop loop : loops) {
            loop.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether {@code Integer.valueOf} returns cached boxes up to {@link #BOXED_DESCRIPTORS}: JDK 17's epoll selector
     * looks each ready descriptor up in a {@code HashMap<Integer, …>}, and only -128..127 are cached unless the JVM
     * is started with a larger {@code -XX:AutoBoxCacheMax}; every relayed packet is a ready descriptor.
     */
    private static boolean descriptorsBoxedWithoutGarbage() {
        return Integer.valueOf(BOXED_DESCRIPTORS - 1) == Integer.valueOf(BOXED_DESCRIPTORS - 1);
    }
}
