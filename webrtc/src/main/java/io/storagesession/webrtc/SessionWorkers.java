package io.storagesession.webrtc;

import java.util.concurrent.TimeUnit;

/**
 * The fixed set of session threads ({@code storage-session.threads}): each new session is given the worker with the
 * fewest sessions, and keeps it until it ends, so no thread per participant and no hand-off between threads. Workers
 * start with their first session; a worker without tasks is parked and wakes for nothing.
 */
final class SessionWorkers {
    private final SessionWorker[] workers;
    private final int[] sessions;
    private final int queue;
    private boolean stopped;

    /**
     * @param threads how many workers at most
     * @param queue   the capacity of each worker's ring (a power of two)
     */
    SessionWorkers(int threads, int queue) {
        if (threads < 1) {
            throw new IllegalArgumentException("storage-session.threads must be at least 1, not " + threads);
        }
        this.workers = new SessionWorker[threads];
        this.sessions = new int[threads];
        this.queue = TaskRing.checkCapacity(queue); // at start, not at the first session
    }

    /** The executor of a new session, on the least loaded worker. */
    synchronized SessionExecutor assign() {
        int least = 0;
        for (int i = 1; i < workers.length; i++) {
            if (sessions[i] < sessions[least]) {
                least = i;
            }
        }
        if (workers[least] == null) {
            workers[least] = new SessionWorker("session-" + (least + 1), queue);
            if (stopped) {
                workers[least].stop();
            }
        }
        sessions[least]++;
        return new SessionExecutor(workers[least]);
    }

    /**
     * The session of {@code executor} ended (called once): its worker counts one session less; its late tasks still
     * run there.
     */
    synchronized void release(SessionExecutor executor) {
        for (int i = 0; i < workers.length; i++) {
            if (workers[i] == executor.worker()) {
                sessions[i]--;
            }
        }
    }

    /** Sessions per worker, in worker order (tests, operators). */
    synchronized int[] load() {
        return sessions.clone();
    }

    /** Every worker runs what it has and ends; later tasks are dropped (logged at debug). */
    synchronized void shutdown() {
        stopped = true;
        for (SessionWorker worker : workers) {
            if (worker != null) {
                worker.stop();
            }
        }
    }

    /** Waits until every worker ended after {@link #shutdown} (tests). */
    boolean awaitTermination(long millis) throws InterruptedException {
        SessionWorker[] started;
        synchronized (this) {
            started = workers.clone();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (SessionWorker worker : started) {
            if (worker != null && !worker.awaitStopped(
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }
}
