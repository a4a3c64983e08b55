package io.storagesession.webrtc;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session thread (ARCHITECTURE.md "Threads and buffers": each session is confined to one executor, an actor, so
 * its state needs no locks). The sessions assigned to it run here for their whole life, their tasks in the order
 * they were handed over: one {@link TaskRing} for all of them, first come first run, so a busy session cannot starve
 * the others (its next task waits behind theirs) and a session's own tasks never overtake each other.
 *
 * <p>A hand-off allocates nothing: a cell of the ring, and an unpark only when the worker is idle (parked or about to
 * be), never while it is busy. When the ring is full a task goes to an unbounded overflow list instead (a node per
 * task, only then) and every later task follows it there until the worker has caught up, so nothing is lost and the
 * order holds; packets never get that far (a participant's inbox drops them when its slots are full, and posts at
 * most one drain at a time). A task that throws is logged and the next one runs.
 */
final class SessionWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWorker.class);
    /** Busy-waits for a producer between its claim and its publication before yielding the core to it. */
    private static final int SPINS = 100;

    /** A task that found the ring full. */
    private record Pending(SessionExecutor owner, Runnable task) {
    }

    private final TaskRing ring;
    private final Queue<Pending> overflow = new ConcurrentLinkedQueue<>();
    /** Tasks in {@link #overflow}: while any, producers skip the ring, so no task overtakes an earlier one. */
    private final AtomicInteger overflowing = new AtomicInteger();
    private final AtomicLong overflowed = new AtomicLong();
    /** Set by the worker before it parks; a producer that clears it is the one that unparks. */
    private final AtomicBoolean idle = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean stopped;
    /** Returns from park: how often the worker was woken (diagnostics; tests). Written by the worker only. */
    private volatile long wakeUps;
    /** The executor whose task runs now; written and read on the worker thread only. */
    private SessionExecutor running;

    SessionWorker(String name, int capacity) {
        this.ring = new TaskRing(capacity);
        this.thread = new Thread(this::work, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code task} of {@code owner}; never dropped unless the worker was stopped. Any thread. */
    void execute(SessionExecutor owner, Runnable task) {
        if (stopped) {
            // the server is shutting down: a transport thread finishing late has nothing left to tell
            LOG.debug("session task dropped at shutdown");
            return;
        }
        if (overflowing.get() > 0 || !ring.offer(owner, task)) {
            overflowing.incrementAndGet();
            if (overflowed.getAndIncrement() == 0) {
                LOG.warn("{}: {} tasks waiting; more wait in an overflow list until it catches up "
                        + "(storage-session.worker-queue)", thread.getName(), ring.capacity());
            }
            overflow.add(new Pending(owner, task));
        }
        if (idle.get() && idle.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Whether the calling thread is this worker running a task of {@code owner}. */
    boolean running(SessionExecutor owner) {
        return Thread.currentThread() == thread && running == owner;
    }

    /** Tasks that found the ring full and waited in the overflow list. */
    long overflowed() {
        return overflowed.get();
    }

    long wakeUps() {
        return wakeUps;
    }

    /** Runs what was queued before, then ends the thread; tasks queued from now on are dropped. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    /** Waits for the thread to end (tests). */
    boolean awaitStopped(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    long threadId() {
        return thread.getId();
    }

    private void work() {
        while (true) {
            if (runAll()) {
                continue;
            }
            if (stopped) {
                if (!runAll()) {
                    return;
                }
                continue;
            }
            idle.set(true);
            // a producer publishes, then reads idle; we wrote idle, now read the ring: one of us sees the other
            if (!ring.empty() || !overflow.isEmpty() || stopped) {
                idle.set(false);
                continue;
            }
            LockSupport.park(this);
            wakeUps++;
            idle.set(false);
        }
    }

    /** Runs every task there is now; false when there was none. */
    private boolean runAll() {
        boolean ran = runRing();
        while (true) {
            Pending pending = overflow.poll();
            if (pending == null) {
                return ran;
            }
            // The ring was empty when we looked, yet a producer may have offered a task to it since and then put its
            // next task in the overflow list, first in line: it read overflowing as 0 for the first task, and above 0
            // for the next once a third producer had overflowed in between. The earlier task must run first. While
            // overflowing counts this pending task, no producer's later task enters the ring, so what the ring holds
            // now came before: run it, then this task.
            runRing();
            overflowing.decrementAndGet();
            run(pending.owner(), pending.task());
            ran = true;
        }
    }

    /** Runs the ring's tasks until it is empty; false when there was none. */
    private boolean runRing() {
        boolean ran = false;
        int spins = 0;
        while (true) {
            Runnable task = ring.poll();
            if (task != null) {
                spins = 0;
                ran = true;
                run(ring.polledOwner(), task);
            } else if (ring.empty()) {
                return ran;
            } else if (++spins < SPINS) {
                // a producer claimed the head cell and is about to publish it (one store away, unless that
                // producer was descheduled)
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void run(SessionExecutor owner, Runnable task) {
        running = owner;
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("session task failed", e);
        } finally {
            running = null;
            Thread.interrupted(); // a task's interrupt is not the next task's, and would keep park() from parking
        }
    }
}
