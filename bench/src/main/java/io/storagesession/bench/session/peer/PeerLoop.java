package io.storagesession.bench.session.peer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that runs every simulated participant's media (STUN answers, TURN framing, SRTP, RTP/RTCP, the
 * senders' clocks and the receivers' judgements): a {@link Selector} over all the participants' TURN sockets, woken by
 * datagrams, by tasks from other threads ({@link #execute}) and every {@link #TICK_NANOS} for the senders' clocks.
 * Participants are confined to it, so nothing of theirs needs a lock; one receive and one send buffer serve them all.
 * Arrival times are taken when a datagram is read, right after the wake-up.
 */
public final class PeerLoop implements AutoCloseable {
    /** The senders' clock resolution: 2 ms of jitter on 20 ms audio and 33 ms video frames. */
    static final long TICK_NANOS = 2_000_000;
    private static final long TICK_MILLIS = TICK_NANOS / 1_000_000;
    /** Any datagram: ChannelData header + the largest packet a peer sends or receives. */
    private static final int BUFFER_BYTES = 2048;
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<SimulatedPeer> peers = new ArrayList<>();
    final byte[] receive = new byte[BUFFER_BYTES];
    private final ByteBuffer receiveBuffer = ByteBuffer.wrap(receive);
    final byte[] send = new byte[BUFFER_BYTES];
    final ByteBuffer sendBuffer = ByteBuffer.wrap(send);
    /** A wake-up this much after its tick was due means the loop itself stalled (GC, CPU starvation). */
    static final long STALL_NANOS = 20_000_000;
    private volatile boolean running = true;
    private long errors;
    private volatile long stalls;
    private volatile long worstLatenessNanos;

    public PeerLoop() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "simulated-peers");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the loop. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop and waits for its result. */
    public <T> T call(Callable<T> task) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Adds a participant whose TURN socket the loop then reads (call from the loop). */
    void register(SimulatedPeer peer) throws IOException {
        peer.relay().channel().configureBlocking(false);
        peer.relay().channel().register(selector, SelectionKey.OP_READ, peer);
        peers.add(peer);
    }

    /** Removes a participant (call from the loop). */
    void unregister(SimulatedPeer peer) {
        SelectionKey key = peer.relay().channel().keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        peers.remove(peer);
    }

    /**
     * Ticks that came more than {@link #STALL_NANOS} late: the generator's own hiccups, which would show as the
     * server's freezes or late packets if they were not counted.
     */
    public long stalls() {
        return stalls;
    }

    /** The latest a tick has come so far, in ms. */
    public double worstLatenessMillis() {
        return worstLatenessNanos / 1e6;
    }

    /** Socket and participant errors so far (a participant's failure is also counted in its own state). */
    public long errors() {
        return errors;
    }

    private void run() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                selector.select(TICK_MILLIS);
            } catch (IOException e) {
                errors++;
            }
            Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
            while (selected.hasNext()) {
                SelectionKey key = selected.next();
                selected.remove();
                if (key.isValid()) {
                    drain((SimulatedPeer) key.attachment());
                }
            }
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    errors++;
                    System.err.println("simulated peers: task failed: " + e);
                }
            }
            long now = System.nanoTime();
            if (now - nextTick >= 0) {
                long lateness = now - nextTick;
                if (lateness > STALL_NANOS) {
                    stalls++;
                }
                if (lateness > worstLatenessNanos) {
                    worstLatenessNanos = lateness;
                }
                nextTick = now + TICK_NANOS;
                for (int i = 0; i < peers.size(); i++) {
                    peers.get(i).tick(now);
                }
            }
        }
    }

    private void drain(SimulatedPeer peer) {
        try {
            while (true) {
                receiveBuffer.clear();
                int n = peer.relay().channel().read(receiveBuffer);
                if (n <= 0) {
                    return;
                }
                peer.datagram(receive, n, System.nanoTime());
            }
        } catch (ClosedChannelException closed) {
            unregister(peer);
        } catch (IOException | RuntimeException e) {
            errors++;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
