package io.storagesession.codecs.h264;

import io.storagesession.codecs.rtp.PacketRing;
import io.storagesession.codecs.rtp.Rtp;
import java.util.Arrays;

/**
 * Puts one RTP video stream back in sequence order (RFC 3550 §5.1: the sequence number "may be used by the receiver
 * to detect packet loss and to restore packet sequence") before it is depacketized, since FU-A fragments and the
 * packets of one access unit only make sense in order.
 *
 * <p>Sequence numbers are extended past their 16-bit wrap as in RFC 3550 A.1. A packet is held until every earlier
 * sequence number was delivered, or until the first packet after a gap has waited {@code jitter.wait}; then the gap is
 * declared lost ({@link RtpPayloadSink#lost}) and delivery goes on. Time is the caller's clock in nanoseconds: the
 * recorder calls {@link #offer} on arrivals and {@link #poll} from its tick. The window is bounded: a packet more than
 * the ring's size ahead makes the oldest gaps lost at once; a jump of {@code max-dropout} or more (or far behind) is
 * taken as a restarted sequence only if the next packet follows it (A.1's bad_seq rule), else dropped as junk.
 * At the start, delivery waits {@code jitter.wait} for packets that were sent before the first one to arrive.
 *
 * <p>Payloads are kept in a {@link PacketRing} until delivered: in-order packets pass through it at once, so it only
 * holds what waits behind a gap, and grows (from {@code jitter.initial-bytes}, doubling up to {@code jitter.max-bytes})
 * only when a held payload would be overwritten. A held payload the ring overwrote anyway, at its cap, is declared lost
 * when its turn comes. The per-slot arrays are allocated at construction; nothing is allocated per packet once the
 * ring has grown to the stream. Not thread-safe: one stream, one thread.
 */
public final class VideoJitterBuffer {
    /** {@link #offer} outcomes: only {@link #BUFFERED} keeps the packet. */
    public static final int BUFFERED = 0;
    public static final int MALFORMED = 1;
    public static final int TOO_LARGE = 2;
    public static final int WRONG_PAYLOAD_TYPE = 3;
    public static final int DUPLICATE = 4;
    public static final int LATE = 5;
    public static final int JUMP = 6;
    /** No payload type check. */
    public static final int ANY_PAYLOAD_TYPE = -1;

    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final int NO_CONFIRMATION = -1;
    private static final long EMPTY = Long.MIN_VALUE;
    /** The payload ring's retention: a held payload is needed until delivered, however long its gap takes. */
    private static final long UNTIL_DELIVERED = Long.MAX_VALUE;

    private final RtpPayloadSink sink;
    private final H264Counters counters;
    private final long waitNanos;
    private final int maxPacketBytes;
    private final int maxDropout;
    private final int size;
    private final int mask;
    /** The held payloads, kept until delivered whatever their age, by the same slot as the arrays below. */
    private final PacketRing payloads;
    private final int[] timestamps;
    private final boolean[] markers;
    private final long[] sequences;
    private final long[] arrivals;
    private int payloadType = ANY_PAYLOAD_TYPE;
    private boolean started;
    /** Extended sequence number of the next packet to deliver. */
    private long next;
    /** Highest extended sequence number accepted. */
    private long highest;
    private int buffered;
    /**
     * The stream just started: nothing is delivered until its first packet has waited {@code jitter.wait}, and until
     * then an earlier packet moves the start back, so reordering at the start is repaired like anywhere else.
     */
    private boolean priming;
    private long firstArrival;
    /** RFC 3550 A.1 bad_seq: the 16-bit sequence number that would confirm a jump. */
    private int confirmingSequence = NO_CONFIRMATION;

    public VideoJitterBuffer(H264Settings settings, H264Counters counters, RtpPayloadSink sink) {
        this.sink = sink;
        this.counters = counters;
        this.waitNanos = settings.jitterWait().toNanos();
        this.maxPacketBytes = settings.maxPacketBytes();
        this.maxDropout = settings.maxDropout();
        this.size = settings.ringSize();
        this.mask = size - 1;
        this.payloads = new PacketRing(size, settings.jitterInitialBytes(), settings.jitterMaxBytes(), UNTIL_DELIVERED);
        this.timestamps = new int[size];
        this.markers = new boolean[size];
        this.sequences = new long[size];
        this.arrivals = new long[size];
        Arrays.fill(sequences, EMPTY);
    }

    /** Only packets of this payload type are taken (the one the master answered for H.264), or any. */
    public void expectPayloadType(int type) {
        this.payloadType = type;
    }

    /**
     * When {@link #poll} will next declare a gap lost, on the caller's clock, or {@link Long#MAX_VALUE} when no gap is
     * waiting: the recorder may schedule its tick by it.
     */
    public long nextDeadlineNanos() {
        if (priming) {
            return firstArrival + waitNanos;
        }
        return buffered > 0 ? arrivals[earliestHeldSlot()] + waitNanos : Long.MAX_VALUE;
    }

    /** The payload ring's size now: what the held payloads cost the stream. */
    int payloadBytes() {
        return payloads.capacityBytes();
    }

    /** Packets held, waiting for an earlier one. */
    public int buffered() {
        return buffered;
    }

    /**
     * Takes one RTP packet (already decrypted) that arrived at {@code nowNanos}, then delivers whatever became
     * deliverable. Returns one of the outcomes above; a malformed packet is counted, never thrown on.
     */
    public int offer(byte[] buf, int off, int len, long nowNanos) {
        int outcome = store(buf, off, len, nowNanos);
        release(nowNanos);
        return outcome;
    }

    /** Declares lost the gaps that have waited long enough, and delivers what follows them. */
    public void poll(long nowNanos) {
        release(nowNanos);
    }

    /** Delivers everything held, declaring every gap lost at once: the stream ends or restarts. */
    public void flush() {
        priming = false;
        while (buffered > 0) {
            skipToEarliestHeld();
            deliverConsecutive();
        }
    }

    /** Forgets the stream (after a flush, if what is held is wanted): the next packet starts a new one. */
    public void reset() {
        Arrays.fill(sequences, EMPTY);
        payloads.clear();
        buffered = 0;
        started = false;
        confirmingSequence = NO_CONFIRMATION;
    }

    private int store(byte[] buf, int off, int len, long nowNanos) {
        if (buf == null || off < 0 || len < H264Settings.RTP_HEADER_BYTES || off > buf.length - len) {
            counters.rtpMalformed++;
            return MALFORMED;
        }
        if (!Rtp.version2(buf, off)) {
            counters.rtpMalformed++;
            return MALFORMED;
        }
        if (len > maxPacketBytes) {
            counters.rtpTooLarge++;
            return TOO_LARGE;
        }
        int header = Rtp.headerLength(buf, off, len);
        if (header < 0) {
            counters.rtpMalformed++;
            return MALFORMED;
        }
        int padding = Rtp.padding(buf, off, len);
        if (payloadType != ANY_PAYLOAD_TYPE && Rtp.payloadType(buf, off) != payloadType) {
            counters.rtpWrongPayloadType++;
            return WRONG_PAYLOAD_TYPE;
        }
        int sequence = Rtp.sequence(buf, off);
        if (!started) {
            started = true;
            priming = true;
            firstArrival = nowNanos;
            next = sequence;
            highest = sequence;
        }
        long extended = highest + (short) (sequence - (int) (highest & SEQUENCE_MASK));
        long ahead = extended - next;
        if (priming && ahead < 0 && highest - extended < size) {
            next = extended;
            ahead = 0;
        }
        if (ahead >= maxDropout || ahead < -size) {
            if (sequence != confirmingSequence) {
                confirmingSequence = (sequence + 1) & SEQUENCE_MASK;
                counters.rtpSequenceJump++;
                return JUMP;
            }
            restartAt(sequence);
            extended = sequence;
        } else if (ahead < 0) {
            counters.rtpLate++;
            return LATE;
        }
        confirmingSequence = NO_CONFIRMATION;
        long floor = extended - size + 1;
        while (next < floor) {
            long target = buffered > 0 ? Math.min(sequences[earliestHeldSlot()], floor) : floor;
            lose(target - next);
            deliverConsecutive();
        }
        int slot = (int) (extended & mask);
        if (sequences[slot] == extended) {
            counters.rtpDuplicate++;
            return DUPLICATE;
        }
        if (payloads.store(extended, buf, off + header, len - header - padding, nowNanos) != slot) {
            counters.rtpTooLarge++;
            return TOO_LARGE;
        }
        timestamps[slot] = (int) Rtp.timestamp(buf, off);
        markers[slot] = Rtp.marker(buf, off);
        sequences[slot] = extended;
        arrivals[slot] = nowNanos;
        buffered++;
        highest = Math.max(highest, extended);
        return BUFFERED;
    }

    /** A confirmed jump: what is held is delivered with its gaps, then the new sequence starts after a loss. */
    private void restartAt(int sequence) {
        counters.sequenceRestarts++;
        flush();
        sink.restarted();
        started = true;
        priming = false;
        next = sequence;
        highest = sequence;
    }

    private void release(long nowNanos) {
        if (priming) {
            if (nowNanos - firstArrival < waitNanos) {
                return;
            }
            priming = false;
        }
        deliverConsecutive();
        while (buffered > 0) {
            int slot = earliestHeldSlot();
            if (nowNanos - arrivals[slot] < waitNanos) {
                return;
            }
            lose(sequences[slot] - next);
            deliverConsecutive();
        }
    }

    private void skipToEarliestHeld() {
        if (buffered > 0) {
            lose(sequences[earliestHeldSlot()] - next);
        }
    }

    /** The slot of the lowest sequence number held; only called with something held, so the scan ends. */
    private int earliestHeldSlot() {
        long s = next;
        while (sequences[(int) (s & mask)] != s) {
            s++;
        }
        return (int) (s & mask);
    }

    private void lose(long packets) {
        if (packets <= 0) {
            return;
        }
        counters.packetsLost += packets;
        next += packets;
        sink.lost((int) Math.min(packets, Integer.MAX_VALUE));
    }

    private void deliverConsecutive() {
        int slot = (int) (next & mask);
        while (sequences[slot] == next) {
            sequences[slot] = EMPTY;
            buffered--;
            boolean intact = payloads.holds(slot, next);
            next++;
            if (!intact) {
                counters.packetsOverwritten++;
                counters.packetsLost++;
                sink.lost(1);
            } else if (payloads.length(slot) == 0) {
                counters.paddingOnly++;
            } else {
                sink.payload(timestamps[slot], markers[slot], payloads.bytes(), payloads.offset(slot),
                        payloads.length(slot));
            }
            payloads.release(slot);
            slot = (int) (next & mask);
        }
    }
}
