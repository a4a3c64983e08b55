package io.storagesession.mixer;

import io.storagesession.codecs.rtp.PacketRing;
import java.util.Arrays;

/**
 * Reorders one input's Opus packets by RTP sequence number and releases one per tick (RFC 3550 §5.1), so the mix
 * always takes one 20 ms frame from each talker. An input starts playing once {@code startDepth} packets are in (the
 * latency spent against arrival jitter); a missing packet with later ones behind it is {@link #LOST} (the caller
 * conceals it); running dry, the input is concealed for {@code maxConceal} ticks, then stops and rebuffers. Beyond
 * {@code maxDepth} buffered packets the oldest are dropped, so latency stays bounded when a sender's clock runs fast
 * or a burst arrives.
 *
 * <p>Sequence numbers further than the window from the playout point are a jump; as in RFC 3550 Appendix A.1, one is
 * dropped, and a second that follows it in sequence restarts the buffer at the new place (a sender that restarted).
 *
 * <p>Payloads lie back to back in a {@link PacketRing}, kept until played or dropped: a 32 kbps voice costs its
 * ~100-byte packets, not window × MTU. The ring has twice the window's slots, so no two packets the window can hold
 * share a slot and its write-order queue never forgets a buffered packet (while one is buffered, every other packet
 * stored is a distinct number less than a window away from it: fewer than twice the window). It grows while a
 * sender's packets get larger and then allocates nothing per packet; at its cap (only a sender of oversized packets
 * reaches it) the oldest buffered payloads are overwritten and played as {@link #LOST}, counted in
 * {@link #overwritten()}.
 */
final class JitterBuffer {
    /** {@link #pop}: a packet for this tick, in {@link #payload}/{@link #payloadLength}/{@link #level}. */
    static final int PACKET = 0;
    /** {@link #pop}: this tick's packet is missing; conceal it. */
    static final int LOST = 1;
    /** {@link #pop}: nothing to play (buffering, or stopped). */
    static final int EMPTY = 2;

    /** {@link #push} outcomes. */
    static final int STORED = 0;
    static final int LATE = 1;
    static final int DUPLICATE = 2;
    static final int JUMP = 3;
    static final int TOO_LARGE = 4;

    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final int NO_SEQUENCE = -1;
    private static final int NONE = -1;
    /** Payloads are kept until played or dropped, however long a sender pauses. */
    private static final long UNTIL_RELEASED = Long.MAX_VALUE;
    /** The ring is given no clock: {@link #UNTIL_RELEASED} makes time irrelevant. */
    private static final long NO_CLOCK = 0;

    private final PacketRing ring;
    private final int ringMask;
    private final int maxPayload;
    private final int[] levels;
    private final int[] timestamps;
    private final int[] sequences;
    private final int capacity;
    private final int mask;
    private final int startDepth;
    private final int maxDepth;
    private final int maxConceal;
    private boolean playing;
    private int next;
    private int buffered;
    private int dry;
    private int badSequence = NO_SEQUENCE;
    /** The window slot of the packet popped last, or {@link #NONE}. */
    private int current = NONE;
    /** Its ring slot, released at the next pop so its payload stays intact until then. */
    private int currentRing = NONE;
    /** Packets dropped to keep latency under {@code maxDepth}. */
    long trimmed;

    /**
     * @param capacity     packet slots, a power of two: the reordering window
     * @param maxPayload   the largest payload taken
     * @param initialBytes the payload ring's first size (rounded up to a power of two)
     * @param maxBytes     the most it grows to, at least {@code maxPayload}
     */
    JitterBuffer(int capacity, int maxPayload, int initialBytes, int maxBytes, int startDepth, int maxDepth,
                 int maxConceal) {
        if (Integer.bitCount(capacity) != 1 || startDepth < 1 || maxDepth < startDepth || maxDepth >= capacity) {
            throw new IllegalArgumentException("jitter buffer needs a power-of-two capacity above max-depth >= "
                    + "start-depth >= 1, not capacity " + capacity + ", start " + startDepth + ", max " + maxDepth);
        }
        if (maxPayload < 1 || maxBytes < maxPayload) {
            throw new IllegalArgumentException("jitter buffer max-bytes " + maxBytes + " must hold a payload of "
                    + maxPayload);
        }
        ring = new PacketRing(2 * capacity, initialBytes, maxBytes, UNTIL_RELEASED);
        ringMask = ring.slots() - 1;
        this.maxPayload = maxPayload;
        levels = new int[capacity];
        timestamps = new int[capacity];
        sequences = new int[capacity];
        Arrays.fill(sequences, NO_SEQUENCE);
        this.capacity = capacity;
        mask = capacity - 1;
        this.startDepth = startDepth;
        this.maxDepth = maxDepth;
        this.maxConceal = maxConceal;
    }

    /** As {@link #push(int, int, byte[], int, int, int)}, for a packet whose RTP timestamp does not matter. */
    int push(int sequence, byte[] buf, int off, int len, int level) {
        return push(sequence, 0, buf, off, len, level);
    }

    /**
     * Stores a packet's payload; one of {@link #STORED}, {@link #LATE}, {@link #DUPLICATE}, {@link #JUMP},
     * {@link #TOO_LARGE}.
     */
    int push(int sequence, int timestamp, byte[] buf, int off, int len, int level) {
        if (len < 0 || len > maxPayload) {
            return TOO_LARGE;
        }
        if (buffered == 0 && !playing) {
            next = sequence;
        }
        int distance = (short) (sequence - next);
        if (distance < 0 && !playing && distance > -(capacity - span())) {
            next = sequence;
            distance = 0;
        }
        if (distance < 0 && distance > -capacity) {
            return LATE;
        }
        if (distance < 0 || distance >= capacity) {
            if (sequence != badSequence) {
                badSequence = (sequence + 1) & SEQUENCE_MASK;
                return JUMP;
            }
            reset();
            next = sequence;
        }
        int slot = sequence & mask;
        if (sequences[slot] == sequence) {
            return DUPLICATE;
        }
        ring.store(sequence, buf, off, len, NO_CLOCK);
        levels[slot] = level;
        timestamps[slot] = timestamp;
        sequences[slot] = sequence;
        buffered++;
        badSequence = NO_SEQUENCE;
        return STORED;
    }

    /** Packets from the playout point to the newest buffered one, which must all fit in the window. */
    private int span() {
        int newest = 0;
        for (int i = 0; i < capacity; i++) {
            if (sequences[i] != NO_SEQUENCE) {
                newest = Math.max(newest, ((sequences[i] - next) & SEQUENCE_MASK) + 1);
            }
        }
        return newest;
    }

    /** This tick's frame: {@link #PACKET}, {@link #LOST} or {@link #EMPTY}. */
    int pop() {
        releaseCurrent();
        if (!playing) {
            if (buffered < startDepth) {
                return EMPTY;
            }
            playing = true;
            dry = 0;
        }
        while (buffered > maxDepth) {
            discard(next & mask);
            next = (next + 1) & SEQUENCE_MASK;
            trimmed++;
        }
        int sequence = next;
        int slot = sequence & mask;
        next = (next + 1) & SEQUENCE_MASK;
        if (sequences[slot] == sequence) {
            sequences[slot] = NO_SEQUENCE;
            buffered--;
            dry = 0;
            int ringSlot = sequence & ringMask;
            if (!ring.holds(ringSlot, sequence)) {
                ring.release(ringSlot);
                return LOST;
            }
            current = slot;
            currentRing = ringSlot;
            return PACKET;
        }
        if (buffered > 0) {
            return LOST;
        }
        if (++dry <= maxConceal) {
            return LOST;
        }
        playing = false;
        return EMPTY;
    }

    private void discard(int slot) {
        if (sequences[slot] == next) {
            sequences[slot] = NO_SEQUENCE;
            ring.release(next & ringMask);
            buffered--;
        }
    }

    private void releaseCurrent() {
        if (currentRing != NONE) {
            ring.release(currentRing);
        }
        current = NONE;
        currentRing = NONE;
    }

    /** Forgets everything: a new stream (SSRC) or a restarted one. */
    void reset() {
        Arrays.fill(sequences, NO_SEQUENCE);
        ring.clear();
        buffered = 0;
        playing = false;
        current = NONE;
        currentRing = NONE;
        dry = 0;
        badSequence = NO_SEQUENCE;
    }

    /**
     * The array the popped packet's payload is in, at {@link #payloadOffset}; valid until the next {@link #push} or
     * {@link #pop}.
     */
    byte[] payload() {
        return ring.bytes();
    }

    int payloadOffset() {
        return ring.offset(currentRing);
    }

    int payloadLength() {
        return ring.length(currentRing);
    }

    /** The popped packet's RFC 6464 level, or {@link AudioLevel#ABSENT}. */
    int level() {
        return levels[current];
    }

    /** The popped packet's RTP timestamp. */
    int timestamp() {
        return timestamps[current];
    }

    boolean playing() {
        return playing;
    }

    /** The payload ring's size now: what this input's buffered audio costs. */
    int capacityBytes() {
        return ring.capacityBytes();
    }

    /** Buffered payloads lost because the ring was at its cap (oversized packets), played as {@link #LOST}. */
    long overwritten() {
        return ring.overwritten();
    }
}
