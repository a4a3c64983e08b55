package io.storagesession.webrtc.dtls;

import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded ring of received datagrams between the thread that delivers them (the ICE socket reader) and the thread
 * that runs the DTLS record layer. {@link #offer} never waits for room: a full ring drops the datagram, which DTLS
 * recovers from by retransmission (RFC 6347 §4.2.4), so a flooding peer costs a copy, not memory. Slots are byte
 * arrays allocated the first time they are used and reused after; a handshake touches only a handful of them, and
 * once it is over they are let go ({@link #releaseIdleSlots}): an established association receives a DTLS record
 * rarely (a repeated final flight, an alert), so a participant keeps no datagram-sized arrays for its whole session.
 */
final class DatagramQueue {
    /** {@link #poll} result: nothing arrived within the wait. */
    static final int EMPTY = -1;
    /** {@link #poll} result: the queue was closed. */
    static final int CLOSED = -2;

    private final byte[][] slots;
    private final int[] lengths;
    private final int slotBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicLong dropped = new AtomicLong();
    private int head;
    private int count;
    private boolean closed;

    DatagramQueue(int capacity, int slotBytes) {
        this.slots = new byte[capacity][];
        this.lengths = new int[capacity];
        this.slotBytes = slotBytes;
    }

    /** Largest datagram a slot holds; longer ones are dropped. */
    int slotBytes() {
        return slotBytes;
    }

    /** Copies the datagram in; returns false (and counts a drop) when it is too long, the ring is full or closed. */
    boolean offer(byte[] buf, int off, int len) {
        if (len <= 0 || len > slotBytes) {
            dropped.incrementAndGet();
            return false;
        }
        lock.lock();
        try {
            if (closed || count == slots.length) {
                dropped.incrementAndGet();
                return false;
            }
            int index = (head + count) % slots.length;
            if (slots[index] == null) {
                slots[index] = new byte[slotBytes];
            }
            System.arraycopy(buf, off, slots[index], 0, len);
            lengths[index] = len;
            count++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the oldest datagram into {@code dst}, waiting up to {@code waitMillis} (0: do not wait) for one.
     *
     * @return its length (truncated to {@code len}), {@link #EMPTY} or {@link #CLOSED}
     */
    int poll(byte[] dst, int off, int len, long waitMillis) throws InterruptedIOException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (count == 0 && !closed && nanos > 0) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            if (closed) {
                return CLOSED;
            }
            if (count == 0) {
                return EMPTY;
            }
            int length = Math.min(lengths[head], len);
            System.arraycopy(slots[head], 0, dst, off, length);
            head = (head + 1) % slots.length;
            count--;
            return length;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return count == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Lets go of the arrays of the slots that hold no queued datagram; a later {@link #offer} makes one again. */
    void releaseIdleSlots() {
        lock.lock();
        try {
            for (int i = count; i < slots.length; i++) {
                slots[(head + i) % slots.length] = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Slots holding an array now, for tests. */
    int allocatedSlots() {
        lock.lock();
        try {
            int n = 0;
            for (byte[] slot : slots) {
                n += slot == null ? 0 : 1;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes any waiting {@link #poll}, refuses further datagrams and lets the slots go. */
    void close() {
        lock.lock();
        try {
            closed = true;
            count = 0;
            Arrays.fill(slots, null);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Datagrams dropped so far: ring full, too long, empty, or after close. */
    long dropped() {
        return dropped.get();
    }
}
