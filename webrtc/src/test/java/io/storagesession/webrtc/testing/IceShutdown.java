package io.storagesession.webrtc.testing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees ice4j agents off the caller's thread. {@code Agent.free()} blocks (it releases TURN allocations with a
 * Refresh of lifetime 0) and in ice4j 3.2 can deadlock: it holds the STUN stack's connector map while closing a
 * relayed socket whose send thread may hold that socket's channel list while asking the map for a connector. Closing
 * the relayed sockets first takes the locks in the send thread's order; the free then runs on a small pool of daemon
 * threads, so a free that never returns costs one stuck thread and a counter, not a session.
 */
public final class IceShutdown implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceShutdown.class);
    private static final long IDLE_THREAD_SECONDS = 30;

    private final ExecutorService pool;
    private final AtomicInteger pending = new AtomicInteger();

    public IceShutdown(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ice-free-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    void free(Agent agent, Component component) {
        if (component != null) {
            for (LocalCandidate candidate : component.getLocalCandidates()) {
                if (candidate.getType() == CandidateType.RELAYED_CANDIDATE) {
                    candidate.getDatagramSocket().close();
                }
            }
        }
        pending.incrementAndGet();
        pool.execute(() -> {
            try {
                agent.free();
            } catch (RuntimeException e) {
                LOG.debug("ice4j agent free failed", e);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    /** Agents whose release has not finished yet (a steadily growing number means stuck frees). */
    public int pending() {
        return pending.get();
    }

    /** Waits up to {@code millis} for queued frees, then leaves the rest to the daemon threads. */
    public void awaitQuiet(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
