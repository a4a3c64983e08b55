package io.storagesession.session;

import io.storagesession.session.transport.Demux;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads one participant's selected ICE path and demultiplexes it (RFC 7983): DTLS records go straight to the DTLS
 * endpoint, SRTP and SRTCP datagrams into preallocated slots handed to the session's executor in order. Two
 * fixed queues of slots (free and ready) carry them, so steady state allocates nothing; when the session falls
 * behind and no slot is free, datagrams are dropped and counted. ice4j delivers relayed datagrams only through a
 * blocking socket, hence a thread per participant; it wakes at least every {@link #POLL_MILLIS} ms to notice a close.
 */
final class PeerReceiver {
    /** How long a receive blocks before the thread checks whether the peer closed. */
    private static final int POLL_MILLIS = 500;

    /** A received datagram: a fixed buffer and how much of it is used. */
    static final class Slot {
        final byte[] data;
        int length;

        Slot(int size) {
            data = new byte[size];
        }
    }

    private final ArrayBlockingQueue<Slot> free;
    private final ArrayBlockingQueue<Slot> ready;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Executor session;
    private final Runnable drain;
    private final Consumer<Slot> media;
    private final int slotBytes;
    private volatile boolean closed;
    private Thread thread;

    PeerReceiver(int slots, int slotBytes, Executor session, Consumer<Slot> media) {
        this.free = new ArrayBlockingQueue<>(slots);
        this.ready = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) {
            free.add(new Slot(slotBytes));
        }
        this.slotBytes = slotBytes;
        this.session = session;
        this.media = media;
        this.drain = this::drain;
    }

    /** Starts reading {@code socket}; DTLS datagrams go to {@code dtls} on the reader thread. */
    void start(String name, DatagramSocket socket, DtlsSink dtls) {
        thread = new Thread(() -> run(socket, dtls), name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Datagrams dropped because the session had not caught up. */
    long dropped() {
        return dropped.get();
    }

    void close() {
        closed = true;
    }

    private void run(DatagramSocket socket, DtlsSink dtls) {
        DatagramPacket packet = new DatagramPacket(new byte[0], 0);
        Slot overflow = new Slot(slotBytes);
        Slot slot = null;
        try {
            socket.setSoTimeout(POLL_MILLIS);
            while (!closed) {
                if (slot == null) {
                    Slot taken = free.poll();
                    slot = taken != null ? taken : overflow;
                }
                packet.setData(slot.data, 0, slot.data.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                Demux.Kind kind = Demux.classify(slot.data, 0, packet.getLength());
                if (kind == Demux.Kind.DTLS) {
                    dtls.deliver(slot.data, 0, packet.getLength());
                } else if (kind == Demux.Kind.RTP || kind == Demux.Kind.RTCP) {
                    if (slot == overflow) {
                        dropped.incrementAndGet();
                        slot = null;
                        continue;
                    }
                    slot.length = packet.getLength();
                    ready.add(slot);
                    slot = null;
                    if (drainScheduled.compareAndSet(false, true)) {
                        session.execute(drain);
                    }
                }
                if (slot == overflow) {
                    slot = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the socket closed under us: the peer is closing
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Slot slot;
        while ((slot = ready.poll()) != null) {
            try {
                if (!closed) {
                    media.accept(slot);
                }
            } finally {
                free.add(slot);
            }
        }
    }

    /** Where DTLS records go: the participant's DTLS endpoint. */
    @FunctionalInterface
    interface DtlsSink {
        void deliver(byte[] buf, int off, int len);
    }
}
