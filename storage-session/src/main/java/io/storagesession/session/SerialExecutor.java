package io.storagesession.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a shared pool (ARCHITECTURE.md "Threads and buffers": each Session is
 * confined to one executor, an actor, so session state needs no locks). At most one drain of this queue is on the
 * pool at any time; a task that throws is logged and does not stop the ones after it.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    /** Tasks run per turn on the pool before yielding it to other sessions. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private volatile Thread runner;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** True on the thread currently running this executor's tasks. */
    boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(drain);
            } catch (RejectedExecutionException e) {
                // The server is shutting down: a transport thread finishing late has nothing left to tell.
                LOG.debug("session task dropped at shutdown");
            }
        }
    }

    private void drain() {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("session task failed", e);
                }
            }
        } finally {
            runner = null;
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
