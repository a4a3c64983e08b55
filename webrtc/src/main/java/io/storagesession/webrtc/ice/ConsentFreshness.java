package io.storagesession.webrtc.ice;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * ICE consent freshness for one peer (RFC 7675 §5.1): consent is granted when ICE completes, a check goes out every
 * {@code interval} randomized to 0.8–1.2 times it, each authenticated answer renews consent, and consent expires
 * {@code timeout} after the last one — then {@code expired} runs, once. This is what closes a participant that
 * vanished without a DTLS close_notify (a camera losing power, a killed process): its media stop, but only consent
 * tells a silent-but-alive peer from a gone one well before the idle timeout.
 *
 * <p>Confined to the session's executor: the shared timer thread only posts {@code check} and the expiry onto it,
 * and answers (from ice4j's threads) are posted there too. One check timer and one expiry timer at a time; the expiry
 * fires at the exact moment consent lapses, not on the next housekeeping tick.
 */
public final class ConsentFreshness {
    /** Sends one consent check; false when it could not go out (the agent is closing). */
    public interface Probe {
        boolean send();
    }

    private final ConsentSettings settings;
    private final ScheduledExecutorService timers;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final Runnable expired;
    /**
     * Made once: posting a check, an expiry or an answer allocates nothing (the session's worker takes them into a
     * preallocated ring).
     */
    private final Runnable checkDue;
    private final Runnable expiryDue;
    private final Runnable renew = this::renew;
    private Probe probe;
    private ScheduledFuture<?> nextCheck;
    private ScheduledFuture<?> nextExpiry;
    private long lastAnswerNanos;
    private long checksSent;
    private long answers;
    private boolean stopped;

    /**
     * @param executor the session's executor, where every method but {@link #answered} must be called
     * @param expired  runs on {@code executor} when consent lapsed
     */
    public ConsentFreshness(ConsentSettings settings, ScheduledExecutorService timers, Executor executor,
                            LongSupplier nanoTime, Runnable expired) {
        this.settings = settings;
        this.timers = timers;
        this.executor = executor;
        this.nanoTime = nanoTime;
        this.expired = expired;
        Runnable check = this::check;
        Runnable expiry = this::expiry;
        this.checkDue = () -> executor.execute(check);
        this.expiryDue = () -> executor.execute(expiry);
    }

    /** ICE completed on a pair: consent is granted now (RFC 7675 §5.1), and checks begin one interval later. */
    public void start(Probe checks) {
        this.probe = checks;
        lastAnswerNanos = nanoTime.getAsLong();
        scheduleCheck();
        nextExpiry = schedule(expiryDue, settings.timeout().toNanos());
    }

    /** An authenticated answer to a check arrived; any thread. */
    public void answered() {
        executor.execute(renew);
    }

    /** No more checks, no expiry: the peer is closing for another reason. */
    public void stop() {
        stopped = true;
        if (nextCheck != null) {
            nextCheck.cancel(false);
        }
        if (nextExpiry != null) {
            nextExpiry.cancel(false);
        }
    }

    /** Checks sent so far (for the peer's snapshot). */
    public long checksSent() {
        return checksSent;
    }

    /** Authenticated answers so far. */
    public long answers() {
        return answers;
    }

    private void renew() {
        if (!stopped) {
            lastAnswerNanos = nanoTime.getAsLong();
            answers++;
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        if (probe.send()) {
            checksSent++;
        }
        scheduleCheck();
    }

    private void scheduleCheck() {
        double factor = ThreadLocalRandom.current().nextDouble(ConsentSettings.MIN_FACTOR, ConsentSettings.MAX_FACTOR);
        nextCheck = schedule(checkDue, (long) (settings.interval().toNanos() * factor));
    }

    private void expiry() {
        if (stopped) {
            return;
        }
        long left = lastAnswerNanos + settings.timeout().toNanos() - nanoTime.getAsLong();
        if (left > 0) {
            nextExpiry = schedule(expiryDue, left);
            return;
        }
        stop();
        expired.run();
    }

    /** The timer thread refuses work once the server is stopping; the session is ending then anyway. */
    private ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timers.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            stopped = true;
            return null;
        }
    }
}
