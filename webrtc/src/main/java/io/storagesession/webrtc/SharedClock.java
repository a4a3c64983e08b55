package io.storagesession.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One periodic timer for every session instead of one per session: each period the timer thread posts each
 * subscriber's task to its session's executor. With a timer per session the timer thread woke 50 times a second per
 * session for the media clock (5 % of a core at 30 sessions, mostly wake-ups); now it wakes 50 times a second in all.
 * The timer runs only while someone subscribes, so an idle server has none. The timer reads the subscribers as an
 * array published on every change, so a tick walks them without making an iterator.
 */
final class SharedClock {
    private final ScheduledExecutorService timers;
    private final long periodNanos;
    private static final Runnable[] NONE = new Runnable[0];

    private final List<Runnable> subscribers = new ArrayList<>();
    private volatile Runnable[] published = NONE;
    private ScheduledFuture<?> running;

    SharedClock(ScheduledExecutorService timers, long periodNanos) {
        this.timers = timers;
        this.periodNanos = periodNanos;
    }

    /** Runs {@code post} on the timer thread every period from now on; it must only hand work to an executor. */
    synchronized void subscribe(Runnable post) {
        subscribers.add(post);
        published = subscribers.toArray(NONE);
        if (running == null) {
            try {
                running = timers.scheduleAtFixedRate(this::fire, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                // the server is stopping; no session needs a clock any more
            }
        }
    }

    synchronized void unsubscribe(Runnable post) {
        subscribers.remove(post);
        published = subscribers.toArray(NONE);
        if (subscribers.isEmpty() && running != null) {
            running.cancel(false);
            running = null;
        }
    }

    private void fire() {
        for (Runnable post : published) {
            post.run();
        }
    }
}
