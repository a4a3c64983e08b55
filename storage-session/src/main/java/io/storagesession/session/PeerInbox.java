package io.storagesession.session;

import io.storagesession.session.dtls.DtlsEndpoint;
import io.storagesession.turn.RelayReceiver;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What reaches one participant's relayed address, demultiplexed on the relay's I/O thread (RFC 7983): DTLS records
 * go straight to the DTLS endpoint; STUN (ICE checks and answers) and SRTP/SRTCP are copied into preallocated slots
 * and handed to the session's executor in order. The slots form a ring with one reader (the session) and, almost
 * always, one writer: the relay thread of the participant's allocation. Two counters say how far each got, so steady
 * state allocates nothing and the reader takes no lock (the blocking queues it replaced took one per packet on each
 * side, and allocated a waiter node whenever the two threads met). Writers hold a lock among themselves: a participant
 * whose candidates include a second allocation (UDP and TCP, two interfaces) reaches this relayed address from
 * another relay thread too (in-process hand-over, or the network path into the local relay's own loop); uncontended,
 * the lock costs no allocation. When the session falls behind and every slot is full,
 * datagrams are dropped and counted. No thread of its own: the relay's thread does the copying, the session executor
 * the rest, one drain posted at a time.
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

    private final Slot[] slots;
    /** Slots the relay's thread filled, and slots the session is done with: the ring holds {@code written - taken}. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    /** Where a DTLS record is copied on the relay's thread before the endpoint copies it into its own queue. */
    private final byte[] dtlsCopy;
    /** Held by writers while they fill and publish a slot or copy a DTLS record. */
    private final Object writer = new Object();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Executor session;
    private final Runnable drain = this::drain;
    private final Handler handler;
    private final int slotBytes;
    private volatile DtlsEndpoint dtls;
    private volatile boolean closed;

    PeerInbox(int slots, int slotBytes, Executor session, Handler handler) {
        this.slots = new Slot[slots];
        for (int i = 0; i < slots; i++) {
            this.slots[i] = new Slot(slotBytes);
        }
        dtlsCopy = new byte[slotBytes];
        this.slotBytes = slotBytes;
        this.session = session;
        this.handler = handler;
    }

    /** From now on DTLS records go to {@code endpoint} (set when the answer is accepted). */
    void dtls(DtlsEndpoint endpoint) {
        this.dtls = endpoint;
    }

    /** Datagrams dropped: every slot full, too long, no DTLS endpoint yet, or not a WebRTC protocol. */
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
        synchronized (writer) {
            if (dtlsRecord) {
                DtlsEndpoint endpoint = dtls;
                if (endpoint != null) {
                    payload.get(dtlsCopy, 0, length);
                    endpoint.deliver(dtlsCopy, 0, length); // copies
                } else {
                    dropped.incrementAndGet();
                }
                return;
            }
            long w = written.get();
            if (w - taken.get() == slots.length) {
                dropped.incrementAndGet();
                return;
            }
            Slot slot = slots[(int) (w % slots.length)];
            payload.get(slot.data, 0, length);
            slot.length = length;
            slot.stun = stun;
            slot.from = from;
            written.set(w + 1); // publishes the slot; then the flag below: a drain that cleared it sees this slot
        }
        if (drainScheduled.compareAndSet(false, true)) {
            session.execute(drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        long t = taken.get();
        while (t < written.get()) {
            Slot slot = slots[(int) (t % slots.length)];
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
                t++;
                taken.lazySet(t); // the relay's thread may fill it again
            }
        }
    }
}
