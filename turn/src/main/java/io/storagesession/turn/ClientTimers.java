package io.storagesession.turn;

import java.util.PriorityQueue;

/**
 * The TURN client I/O thread's timers — retransmissions and refreshes of every client — in one queue ordered by due
 * time, so the thread sleeps exactly until the next one and not at all when there are none (an idle server must not
 * wake up). Confined to the I/O thread. A timer is an object per scheduling, which happens at control-plane rate only.
 */
final class ClientTimers {
    private static final long NANOS_PER_MILLI = 1_000_000;

    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));

    /** One scheduled action; {@link #cancel()} makes it a no-op (it leaves the queue when due). */
    static final class Timer {
        private final long dueNanos;
        private final Runnable action;
        private boolean cancelled;

        private Timer(long dueNanos, Runnable action) {
            this.dueNanos = dueNanos;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }
    }

    Timer schedule(long dueNanos, Runnable action) {
        Timer timer = new Timer(dueNanos, action);
        queue.add(timer);
        return timer;
    }

    /**
     * Runs the timers due at {@code nowNanos} and returns how long the selector may sleep: milliseconds until the
     * next timer (at least 1), or 0 for "until woken" when none is left.
     */
    long runDue(long nowNanos) {
        while (true) {
            Timer next = queue.peek();
            if (next == null) {
                return 0;
            }
            if (next.cancelled) {
                queue.poll();
                continue;
            }
            long wait = next.dueNanos - nowNanos;
            if (wait > 0) {
                return Math.max(1, (wait + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI);
            }
            queue.poll();
            next.action.run();
        }
    }

    /** Takes a timer out of the queue at once, so a closed client's refreshes do not linger; null is ignored. */
    void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
            queue.remove(timer);
        }
    }

    void clear() {
        queue.clear();
    }
}
