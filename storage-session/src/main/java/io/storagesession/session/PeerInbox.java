package io.storagesession.session;

import io.storagesession.session.dtls.DtlsEndpoint;
import io.storagesession.turn.RelayReceiver;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What reaches one participant's relayed address, demultiplexed on the relay's I/O thread (RFC 7983): DTLS records
 * go straight to the DTLS endpoint; STUN (ICE checks and answers) and SRTP/SRTCP are copied into preallocated slots
 * and handed to the session's executor in order. Two fixed queues of slots (free and ready) carry them, so steady
 * state allocates nothing; when the session falls behind and no slot is free, datagrams are dropped and counted.
 * No thread of its own: the relay's thread does the copying, the session executor the rest.
 */
final class PeerInbox implements RelayReceiver {
    /** RFC 7983 §7 first-byte ranges. */
    private static final int STUN_MAX = 3;
    private static final int DTLS_MIN = 20;
    private static final int DTLS_MAX = 63;
    private static final int RTP_MIN = 128;
    private static final int RTP_MAX = 191;

    /** A received datagram: a fixed buffer, how much of it is used, and whether it is STUN (from whom). */
    static final class Slot {
        final byte[] data;
        int length;
        boolean stun;
        InetSocketAddress from;

        Slot(int size) {
            data = new byte[size];
        }
    }

    /** Where slots go on the session executor. */
    interface Handler {
        void stun(Slot slot);

        void media(Slot slot);
    }

    private final ArrayBlockingQueue<Slot> free;
    private final ArrayBlockingQueue<Slot> ready;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Executor session;
    private final Runnable drain = this::drain;
    private final Handler handler;
    private final int slotBytes;
    private volatile DtlsEndpoint dtls;
    private volatile boolean closed;

    PeerInbox(int slots, int slotBytes, Executor session, Handler handler) {
        this.free = new ArrayBlockingQueue<>(slots);
        this.ready = new ArrayBlockingQueue<>(slots);
        for (int i = 0; i < slots; i++) {
            free.add(new Slot(slotBytes));
        }
        this.slotBytes = slotBytes;
        this.session = session;
        this.handler = handler;
    }

    /** From now on DTLS records go to {@code endpoint} (set when the answer is accepted). */
    void dtls(DtlsEndpoint endpoint) {
        this.dtls = endpoint;
    }

    /** Datagrams dropped: no free slot, too long, no DTLS endpoint yet, or not a WebRTC protocol. */
    long dropped() {
        return dropped.get();
    }

    void close() {
        closed = true;
    }

    @Override
    public void received(ByteBuffer payload, InetSocketAddress from) {
        int length = payload.remaining();
        if (closed || length == 0 || length > slotBytes) {
            dropped.incrementAndGet();
            return;
        }
        int first = payload.get(payload.position()) & 0xff;
        boolean stun = first <= STUN_MAX;
        boolean dtlsRecord = first >= DTLS_MIN && first <= DTLS_MAX;
        if (!stun && !dtlsRecord && (first < RTP_MIN || first > RTP_MAX)) {
            dropped.incrementAndGet();
            return;
        }
        Slot slot = free.poll();
        if (slot == null) {
            dropped.incrementAndGet();
            return;
        }
        payload.get(slot.data, 0, length);
        if (dtlsRecord) {
            DtlsEndpoint endpoint = dtls;
            if (endpoint != null) {
                endpoint.deliver(slot.data, 0, length); // copies
            } else {
                dropped.incrementAndGet();
            }
            free.add(slot);
            return;
        }
        slot.length = length;
        slot.stun = stun;
        slot.from = from;
        ready.add(slot);
        if (drainScheduled.compareAndSet(false, true)) {
            session.execute(drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        Slot slot;
        while ((slot = ready.poll()) != null) {
            try {
                if (!closed) {
                    if (slot.stun) {
                        handler.stun(slot);
                    } else {
                        handler.media(slot);
                    }
                }
            } finally {
                slot.from = null;
                free.add(slot);
            }
        }
    }
}
