package io.storagesession.turn;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-blocking TURN clients (RFC 8656 over UDP) for allocations on outside TURN servers — coturn named in
 * {@code signaling.ice.external-servers} — all served by ONE I/O thread: a selector over every client's UDP socket
 * and one timer queue for their retransmissions and refreshes. It replaces ice4j's blocking harvester and its threads
 * per agent. The thread starts with the first client and ends when the last one is gone, so an idle server has no
 * thread and no wake-ups at all; while clients exist it sleeps until the next datagram or timer.
 *
 * <p>Sends do not pass through the thread: each {@link TurnAllocation} writes to its socket from the caller's thread.
 * What other threads ask of the thread (start a client, create a permission, bind a channel, close) goes through a
 * task queue and a selector wake-up.
 */
public final class TurnClients {
    private static final Logger LOG = LoggerFactory.getLogger(TurnClients.class);
    /** The largest UDP datagram: anything the server sends fits the receive buffer. */
    private static final int MAX_DATAGRAM = 65_535;
    /**
     * Kernel send and receive buffer asked for each client socket: one participant's media (a keyframe burst) passes
     * through it while the one I/O thread may be busy with other clients. Linux caps it at net.core.rmem_max/wmem_max.
     */
    private static final int SOCKET_BUFFER_BYTES = 1 << 20;
    private static final TurnClients SHARED = new TurnClients(TurnClientSettings.RFC, "turn-client");

    private final TurnClientSettings settings;
    private final String threadName;
    private final TurnClientStats stats = new TurnClientStats();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Object lifecycle = new Object();
    /** Clients not yet released, guarded by {@link #lifecycle}: the thread runs while there is one. */
    private int clients;
    /** The running I/O thread and its selector, guarded by {@link #lifecycle}; null when idle. */
    private Thread thread;
    private Selector selector;

    // I/O thread only (one thread at a time: a new one starts only after the last one let go under the lock).
    private final ClientTimers timers = new ClientTimers();
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final byte[] scratch = new byte[MAX_DATAGRAM];
    private final Consumer<SelectionKey> onReady = this::ready;
    private Selector ioSelector;

    public TurnClients(TurnClientSettings settings, String threadName) {
        this.settings = settings;
        this.threadName = threadName;
    }

    /** The process's clients, with the RFC timings: one I/O thread for every outside allocation. */
    public static TurnClients shared() {
        return SHARED;
    }

    /**
     * Allocates a relayed UDP address on {@code server} (RFC 8656 §7) with long-term credentials (RFC 8489 §9.2; for
     * coturn's {@code --use-auth-secret}, the TURN REST username and password GetIceServerConfig hands out).
     *
     * <p>The future completes on the I/O thread — do not block in what it triggers — with the {@link TurnAllocation}
     * whose {@link RelayTransport#address()} is the XOR-RELAYED-ADDRESS, or fails with a {@link TurnClientException}
     * carrying the server's error code and reason, or {@link TurnClientException#NO_ANSWER} once the retransmissions
     * are spent (at most {@link TurnClientSettings#transactionTimeout()} per request, and a bounded number of requests
     * for the challenge and stale nonces). Datagrams from permitted peers go to {@code receiver} on the I/O thread.
     */
    public CompletableFuture<RelayTransport> allocate(InetSocketAddress server, String username, String password,
                                                      RelayReceiver receiver) {
        CompletableFuture<RelayTransport> allocated = new CompletableFuture<>();
        DatagramChannel channel = null;
        boolean counted = false;
        try {
            channel = DatagramChannel.open(server.getAddress() instanceof Inet4Address
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            // Connected: the kernel picks the source address and drops datagrams from anyone but the server.
            channel.connect(server);
            TurnAllocation client = new TurnAllocation(this, channel, server, username, password, receiver, allocated);
            synchronized (lifecycle) {
                clients++;
                counted = true;
            }
            execute(() -> client.start(ioSelector));
        } catch (IOException | RuntimeException e) {
            if (counted) {
                synchronized (lifecycle) {
                    clients--;
                }
            }
            closeQuietly(channel);
            allocated.completeExceptionally(new TurnClientException(TurnClientException.NO_ANSWER,
                    "cannot open a TURN client socket to " + server + ": " + e));
        }
        return allocated;
    }

    public TurnClientSettings settings() {
        return settings;
    }

    public TurnClientStats stats() {
        return stats;
    }

    /** Clients not yet released (allocating, allocated, or closing). */
    public int clientCount() {
        synchronized (lifecycle) {
            return clients;
        }
    }

    /** True while the I/O thread runs, which is exactly while a client exists. */
    public boolean ioThreadRunning() {
        synchronized (lifecycle) {
            return thread != null;
        }
    }

    ClientTimers timers() {
        return timers;
    }

    /** Runs {@code task} on the I/O thread, starting the thread if it is not running. */
    void execute(Runnable task) {
        tasks.add(task);
        Selector wake;
        synchronized (lifecycle) {
            if (thread == null) {
                try {
                    selector = Selector.open();
                } catch (IOException e) {
                    tasks.remove(task);
                    throw new IllegalStateException("cannot open a selector for the TURN client thread", e);
                }
                Selector own = selector;
                thread = new Thread(() -> run(own), threadName);
                thread.setDaemon(true);
                thread.start();
                return;
            }
            wake = selector;
        }
        wake.wakeup();
    }

    /** Called on the I/O thread when a client has released everything. */
    void removed(TurnAllocation client) {
        synchronized (lifecycle) {
            clients--;
        }
    }

    private void run(Selector own) {
        ioSelector = own;
        try {
            while (true) {
                long sleepMillis;
                try {
                    runTasks();
                    sleepMillis = timers.runDue(System.nanoTime());
                } catch (RuntimeException e) {
                    LOG.error("TURN client task failed", e);
                    continue;
                }
                synchronized (lifecycle) {
                    if (clients == 0 && tasks.isEmpty()) {
                        timers.clear();
                        thread = null;
                        selector = null;
                        return;
                    }
                }
                if (tasks.isEmpty()) {
                    own.select(onReady, sleepMillis);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("TURN client thread stopped; its clients are dead", e);
            synchronized (lifecycle) {
                thread = null;
                selector = null;
            }
        } finally {
            closeQuietly(own);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void ready(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof TurnAllocation client) {
            try {
                client.readable(in, scratch);
            } catch (RuntimeException e) {
                stats.add(TurnClientStats.Count.MALFORMED);
                LOG.debug("TURN client to {}: dropped a datagram: {}", client.server(), e.toString());
            }
        }
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("closing: {}", e.toString());
        }
    }
}
