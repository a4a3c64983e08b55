package io.storagesession.webrtc.ice;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Timers on virtual time, for timing rules tested without waiting and without depending on the machine's load: a
 * scheduled task runs on the test's thread when {@link #advance} passes its due time, at exactly that time as
 * {@link #nanoTime} tells it. Only one-shot {@code schedule(Runnable, …)} and {@code execute} are supported, which is
 * what the ICE code uses. Not thread-safe: the test's thread alone drives it.
 */
final class ManualTimers extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private long now;
    private long scheduled;
    private boolean shutdown;

    /** The virtual time in nanoseconds; it starts at zero. */
    long nanoTime() {
        return now;
    }

    /** Moves time forward by {@code by}, running every task that falls due, in order, each at its own time. */
    void advance(Duration by) {
        long until = now + by.toNanos();
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Timer next = queue.poll();
            now = next.at;
            if (!next.cancelled) {
                next.done = true;
                next.task.run();
            }
        }
        now = until;
    }

    /** Tasks scheduled and neither run nor cancelled. */
    long pending() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("timers shut down");
        }
        Timer timer = new Timer(command, now + Math.max(0, unit.toNanos(delay)), scheduled++);
        queue.add(timer);
        return timer;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the code under test");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the code under test");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the code under test");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = queue.stream().filter(t -> !t.cancelled).map(t -> t.task).toList();
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** One scheduled task; ties run in the order they were scheduled. */
    private final class Timer implements ScheduledFuture<Void> {
        final Runnable task;
        final long at;
        final long order;
        boolean cancelled;
        boolean done;

        Timer(Runnable task, long at, long order) {
            this.task = task;
            this.at = at;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Timer that = (Timer) other;
            return at != that.at ? Long.compare(at, that.at) : Long.compare(order, that.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Void get() {
            throw new UnsupportedOperationException("not used by the code under test");
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("not used by the code under test");
        }
    }
}
