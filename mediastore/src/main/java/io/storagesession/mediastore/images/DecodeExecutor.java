package io.storagesession.mediastore.images;

import io.storagesession.api.http.ApiException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where GetImages decodes: a fixed pool of {@code threads} threads, so that at most one decode per thread (one per
 * core by default) runs at a time whatever the load, in front of which requests are admitted with a {@link Lease}.
 * There are {@code threads + queue} leases; a request that finds none is refused at once with
 * ClientLimitExceededException (400, the service model's throttling answer) instead of waiting in an unbounded queue.
 *
 * <p>A request holds its lease from admission to its answer and runs at most one task at a time on it (its fragments
 * are decoded one after the other), so the pool's queue never holds more than the leases out: it is bounded by
 * construction, and the event loops never wait for it.
 */
final class DecodeExecutor implements AutoCloseable {
    /** How long close() lets running decodes finish; they are short, and interrupted after this. */
    private static final long SHUTDOWN_SECONDS = 5;

    private final ThreadPoolExecutor pool;
    private final Semaphore leases;

    /** @param idle how long a thread without work lives: an idle server keeps no decode threads */
    DecodeExecutor(int threads, int queue, Duration idle) {
        pool = new ThreadPoolExecutor(threads, threads, idle.toMillis(), TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(threads + queue), new DecodeThreads());
        pool.allowCoreThreadTimeOut(true);
        leases = new Semaphore(threads + queue);
    }

    /**
     * Admits one request.
     *
     * @throws ApiException ClientLimitExceededException when every lease is out
     */
    Lease admit() {
        if (!leases.tryAcquire()) {
            throw ApiException.clientLimitExceeded("Too many GetImages requests are decoding; try again later");
        }
        return new Lease();
    }

    /** One admitted request's right to run its decode tasks; {@link #close} gives it back (idempotent). */
    final class Lease implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease() {
        }

        /** Runs {@code task} on a decode thread; the future completes there. */
        <T> CompletableFuture<T> run(Callable<T> task) {
            CompletableFuture<T> result = new CompletableFuture<>();
            try {
                pool.execute(() -> {
                    try {
                        result.complete(task.call());
                    } catch (Exception | Error e) {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(ApiException.clientLimitExceeded("The image decoder is shutting down"));
            }
            return result;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                leases.release();
            }
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Daemon threads named after their job, so a thread dump says what they are. */
    private static final class DecodeThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "images-decode-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
