package io.storagesession.it.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 between a client and a server on 127.0.0.1, which cuts every connection it carries,
 * periodically: both sockets are closed with SO_LINGER 0, so each side gets a reset, as when a NAT or a network path
 * drops the connection. New connections are accepted and forwarded at any time. Each period's cut lands where the next
 * {@link Cut} in turn says, so that cuts do not all fall on idle connections. Test code: a thread pipes each
 * direction of each connection.
 */
final class CuttingProxy implements AutoCloseable {
    /** Where a period's cut lands. */
    enum Cut {
        /** At once, whatever the connections are doing (between a recorder's fragments: idle). */
        IMMEDIATE,
        /** Halfway through the next bytes the client sends: a fragment half uploaded. */
        MID_UPLOAD,
        /**
         * In place of the next server bytes that hold a PERSISTED acknowledgement (KVS-WIRE.md §4): the fragment is
         * stored, and the producer never hears it.
         */
        PERSISTED_ACK_LOST
    }

    private static final byte[] PERSISTED = "\"PERSISTED\"".getBytes(StandardCharsets.US_ASCII);

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int BACKLOG = 50;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long STOP_SECONDS = 5;

    private final ServerSocket listener = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cutting-proxy");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService cutter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cutting-proxy-cuts");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger connectionsCut = new AtomicInteger();
    private final Map<Cut, AtomicInteger> landed = new EnumMap<>(Cut.class);
    /** The cut waiting for traffic to land in, or null. */
    private final AtomicReference<Cut> armed = new AtomicReference<>();
    private volatile int targetPort;
    private ScheduledFuture<?> cutting;

    CuttingProxy() throws IOException {
        for (Cut kind : Cut.values()) {
            landed.put(kind, new AtomicInteger());
        }
        threads.execute(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Where connections go from now on: {@code 127.0.0.1:port}. */
    void forwardTo(int port) {
        targetPort = port;
    }

    /**
     * Cuts every open connection each {@code every}, starting {@code every} from now, the kinds of {@link Cut} in
     * turn. A cut that waits for traffic is replaced by the next period's if none came.
     */
    synchronized void cutEvery(Duration every) {
        AtomicInteger period = new AtomicInteger();
        cutting = cutter.scheduleAtFixedRate(() -> {
            cuts.incrementAndGet();
            Cut kind = Cut.values()[period.getAndIncrement() % Cut.values().length];
            if (kind == Cut.IMMEDIATE) {
                armed.set(null);
                cutAll(kind);
            } else {
                armed.set(kind);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No more cuts; open connections stay open. */
    synchronized void stopCutting() {
        if (cutting != null) {
            cutting.cancel(false);
        }
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Periods elapsed, each of which cut or armed a cut. */
    int cuts() {
        return cuts.get();
    }

    /** Cuts of {@code kind} that cut open connections. */
    int landed(Cut kind) {
        return landed.get(kind).get();
    }

    /** Client connections cut. */
    int connectionsCut() {
        return connectionsCut.get();
    }

    private void cutAll(Cut kind) {
        boolean any = false;
        for (Connection c : open) {
            if (open.remove(c)) {
                c.reset();
                connectionsCut.incrementAndGet();
                any = true;
            }
        }
        if (any) {
            landed.get(kind).incrementAndGet();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            connections.incrementAndGet();
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                        CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                reset(client);
                continue;
            }
            Connection connection = new Connection(client, server);
            open.add(connection);
            threads.execute(() -> pipe(connection, client, server, true));
            threads.execute(() -> pipe(connection, server, client, false));
        }
    }

    /**
     * Copies {@code from} to {@code to}. An end of stream is passed on as one (FIN), so whatever was in flight still
     * arrives; an error (a cut, a reset by either side) resets the whole connection.
     */
    private void pipe(Connection connection, Socket from, Socket to, boolean upload) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (upload && n > 1 && armed.compareAndSet(Cut.MID_UPLOAD, null)) {
                    out.write(buffer, 0, n / 2);
                    out.flush();
                    cutAll(Cut.MID_UPLOAD);
                    return;
                }
                if (!upload && contains(buffer, n, PERSISTED) && armed.compareAndSet(Cut.PERSISTED_ACK_LOST, null)) {
                    cutAll(Cut.PERSISTED_ACK_LOST);
                    return;
                }
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            if (connection.directionEnded()) {
                open.remove(connection);
                connection.close();
            }
        } catch (IOException ended) {
            open.remove(connection);
            connection.reset();
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] pattern) {
        for (int i = 0; i + pattern.length <= length; i++) {
            if (Arrays.equals(buffer, i, i + pattern.length, pattern, 0, pattern.length)) {
                return true;
            }
        }
        return false;
    }

    /** Both sockets of one forwarded connection. */
    private static final class Connection {
        private final Socket client;
        private final Socket server;
        private final AtomicInteger directionsEnded = new AtomicInteger();

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        /** One direction ended cleanly; true when both have. */
        boolean directionEnded() {
            return directionsEnded.incrementAndGet() == 2;
        }

        void reset() {
            CuttingProxy.reset(client);
            CuttingProxy.reset(server);
        }

        void close() {
            try {
                client.close();
                server.close();
            } catch (IOException alreadyClosed) {
                // nothing left to close
            }
        }
    }

    /** Closes with an RST rather than a FIN (SO_LINGER 0). */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing left to cut
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        cutter.shutdownNow();
        listener.close();
        open.forEach(Connection::reset);
        threads.shutdownNow();
        threads.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
    }
}
