package io.storagesession.webrtc;

import io.storagesession.turn.RelayReceiver;
import io.storagesession.webrtc.dtls.DtlsEndpoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What reaches one participant's relayed address, demultiplexed on the relay's I/O thread (RFC 7983): DTLS records
 * go straight to the DTLS endpoint; STUN (ICE checks and answers) and SRTP/SRTCP are copied into a byte ring and
 * handed to the session's executor in order. Datagrams lie back to back in the ring (one that would cross its end
 * starts at the beginning), so what the inbox holds is what is waiting, not a fixed number of MTU-sized slots: an
 * Opus packet takes its ~100 bytes, a keyframe burst its real size. A small array of entries says where each one is.
 *
 * <p>One reader (the session) and, almost always, one writer: the relay thread of the participant's allocation.
 * Counters of entries and of bytes say how far each side got, so steady state allocates nothing and the reader takes
 * no lock (the blocking queues this replaced took one per packet on each side). Writers hold a lock among
 * themselves: a participant whose candidates include a second allocation (UDP and TCP, two interfaces) reaches this
 * relayed address from another relay thread too (in-process hand-over, or the network path into the local relay's own
 * loop); uncontended, the lock costs no allocation. When the session falls behind and the ring or its entries are
 * full, datagrams are dropped and counted. No thread of its own: the relay's thread copies, the session executor the
 * rest, one drain posted at a time.
 */
final class PeerInbox implements RelayReceiver {
    /** RFC 7983 §7 first-byte ranges. */
    private static final int STUN_MAX = 3;
    private static final int DTLS_MIN = 20;
    private static final int DTLS_MAX = 63;
    private static final int RTP_MIN = 128;
    private static final int RTP_MAX = 191;

    /**
     * The datagram being handled, lent to the handler for the call: {@code data[offset, offset + length)}, which the
     * handler may change in place (SRTP is decrypted there). STUN always starts at offset 0.
     */
    static final class Slot {
        byte[] data;
        int offset;
        int length;
        boolean stun;
        InetSocketAddress from;
    }

    /** Where datagrams go on the session executor. */
    interface Handler {
        void stun(Slot slot);

        void media(Slot slot);
    }

    private final byte[] ring;
    private final long[] starts;
    private final int[] lengths;
    private final boolean[] stunFlags;
    private final InetSocketAddress[] froms;
    /** Entries the writers filled and the session is done with: the ring holds {@code written - taken}. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    /** Bytes, counted from the start: up to where the session is done ({@code freed}) and where writing goes on. */
    private final AtomicLong freed = new AtomicLong();
    private long writeAt;
    /** Held by writers while they fill and publish an entry or copy a DTLS record. */
    private final Object writer = new Object();
    /** Where a DTLS record is copied on the relay's thread before the endpoint copies it into its own queue. */
    private final byte[] dtlsCopy;
    /** STUN is parsed from offset 0: a message is copied here for the handler (consent and checks, not media). */
    private final byte[] stunCopy;
    private final Slot slot = new Slot();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Executor session;
    private final Runnable drain = this::drain;
    private final Handler handler;
    private final int maxDatagram;
    private volatile DtlsEndpoint dtls;
    private volatile boolean closed;

    /**
     * @param entries     most datagrams waiting at once
     * @param ringBytes   most bytes waiting at once
     * @param maxDatagram largest datagram taken; longer ones are dropped
     */
    PeerInbox(int entries, int ringBytes, int maxDatagram, Executor session, Handler handler) {
        if (entries < 1 || maxDatagram < 1 || ringBytes < maxDatagram) {
            throw new IllegalArgumentException("inbox: entries >= 1 and ring bytes >= datagram bytes >= 1 required");
        }
        this.ring = new byte[ringBytes];
        this.starts = new long[entries];
        this.lengths = new int[entries];
        this.stunFlags = new boolean[entries];
        this.froms = new InetSocketAddress[entries];
        this.dtlsCopy = new byte[maxDatagram];
        this.stunCopy = new byte[maxDatagram];
        this.maxDatagram = maxDatagram;
        this.session = session;
        this.handler = handler;
    }

    /** From now on DTLS records go to {@code endpoint} (set when the answer is accepted). */
    void dtls(DtlsEndpoint endpoint) {
        this.dtls = endpoint;
    }

    /** Datagrams dropped: the ring full, too long, no DTLS endpoint yet, or not a WebRTC protocol. */
    long dropped() {
        return dropped.get();
    }

    void close() {
        closed = true;
    }

    @Override
    public void received(ByteBuffer payload, InetSocketAddress from) {
        int length = payload.remaining();
        if (closed || length == 0 || length > maxDatagram) {
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
            long start = writeAt;
            int at = (int) (start % ring.length);
            if (at + length > ring.length) {
                start += ring.length - at;
                at = 0;
            }
            if (w - taken.get() == starts.length || start + length - freed.get() > ring.length) {
                dropped.incrementAndGet();
                return;
            }
            payload.get(ring, at, length);
            int entry = (int) (w % starts.length);
            starts[entry] = start;
            lengths[entry] = length;
            stunFlags[entry] = stun;
            froms[entry] = from;
            writeAt = start + length;
            written.set(w + 1); // publishes the entry; then the flag below: a drain that cleared it sees this entry
        }
        if (drainScheduled.compareAndSet(false, true)) {
            session.execute(drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        long t = taken.get();
        while (t < written.get()) {
            int entry = (int) (t % starts.length);
            long start = starts[entry];
            int length = lengths[entry];
            try {
                if (!closed) {
                    slot.from = froms[entry];
                    slot.length = length;
                    slot.stun = stunFlags[entry];
                    if (slot.stun) {
                        System.arraycopy(ring, (int) (start % ring.length), stunCopy, 0, length);
                        slot.data = stunCopy;
                        slot.offset = 0;
                        handler.stun(slot);
                    } else {
                        slot.data = ring;
                        slot.offset = (int) (start % ring.length);
                        handler.media(slot);
                    }
                }
            } finally {
                slot.from = null;
                froms[entry] = null;
                t++;
                freed.lazySet(start + length); // the writers may fill these bytes again ...
                taken.lazySet(t); // ... and this entry
            }
        }
    }
}
