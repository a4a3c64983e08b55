package io.storagesession.webrtc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The tasks waiting for one {@link SessionWorker}: a bounded ring, preallocated, that any number of threads offer to
 * (TURN relay loops, the shared clocks' timer, event loops, DTLS threads) and only the worker takes from. It is
 * D. Vyukov's bounded queue, each cell carrying a sequence number: a producer claims a cell with one CAS on the tail
 * and publishes it by advancing the cell's sequence, the consumer frees it by advancing it by a lap. No node, no lock,
 * nothing allocated per task, which the {@code ConcurrentLinkedQueue} of the pool design did (one node per hand-off,
 * plus the pool's own queue node and its idle workers' condition nodes).
 *
 * <p>Each cell holds the task and the {@link SessionExecutor} it was given to, so the worker knows whose task runs.
 */
final class TaskRing {
    private final int mask;
    private final AtomicLongArray sequence;
    private final SessionExecutor[] owners;
    private final Runnable[] tasks;
    private final AtomicLong tail = new AtomicLong();
    /** The consumer's position; only the worker reads and writes it. */
    private long head;
    private SessionExecutor polledOwner;

    /** @param capacity a power of two ({@link #checkCapacity}) */
    TaskRing(int capacity) {
        mask = checkCapacity(capacity) - 1;
        sequence = new AtomicLongArray(capacity);
        owners = new SessionExecutor[capacity];
        tasks = new Runnable[capacity];
        for (int i = 0; i < capacity; i++) {
            sequence.set(i, i);
        }
    }

    /** {@code capacity}, when it is a power of two of at least 2 (the cell index is a mask of the position). */
    static int checkCapacity(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("storage-session.worker-queue must be a power of two, not " + capacity);
        }
        return capacity;
    }

    int capacity() {
        return mask + 1;
    }

    /** Adds {@code task} of {@code owner} at the tail; false, with nothing added, when the ring is full. Any thread. */
    boolean offer(SessionExecutor owner, Runnable task) {
        long position = tail.get();
        while (true) {
            int cell = (int) position & mask;
            long difference = sequence.get(cell) - position;
            if (difference == 0) {
                if (tail.compareAndSet(position, position + 1)) {
                    owners[cell] = owner;
                    tasks[cell] = task;
                    // a volatile write: publishes the cell, and comes before the producer's read of the worker's
                    // idle flag in every thread's view (so a parking worker or its waker sees the other)
                    sequence.set(cell, position + 1);
                    return true;
                }
                position = tail.get();
            } else if (difference < 0) {
                return false; // the cell still holds a task from one lap ago: full
            } else {
                position = tail.get(); // another producer claimed it first
            }
        }
    }

    /**
     * The task at the head, removed, or null when there is none published yet (a producer that claimed the head cell
     * and has not published it will wake the worker after it does). Worker thread only; its owner is then
     * {@link #polledOwner}.
     */
    Runnable poll() {
        int cell = (int) head & mask;
        if (sequence.get(cell) != head + 1) {
            return null;
        }
        Runnable task = tasks[cell];
        polledOwner = owners[cell];
        tasks[cell] = null;
        owners[cell] = null;
        sequence.lazySet(cell, head + mask + 1); // frees the cell for the producers' next lap
        head++;
        return task;
    }

    /** The owner of the task {@link #poll} returned last. Worker thread only. */
    SessionExecutor polledOwner() {
        return polledOwner;
    }

    /** Whether no producer has claimed a cell the worker has not taken yet (a volatile read). Worker thread only. */
    boolean empty() {
        return tail.get() == head;
    }
}
