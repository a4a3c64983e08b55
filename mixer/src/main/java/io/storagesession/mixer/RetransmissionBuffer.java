package io.storagesession.mixer;

import java.util.Arrays;

/**
 * The last packets sent on one viewer's video stream, by sequence number, to answer that viewer's generic NACKs
 * (RFC 4585 §6.2.1) with the very bytes it missed. A ring of preallocated slots indexed by the low bits of the
 * sequence number, so storing and finding allocate nothing; bounded by count (the ring) and by age, because a packet
 * older than the viewer's jitter buffer is useless to it. Each slot also remembers when it was last resent, so a
 * viewer that repeats its NACK before our retransmission could have arrived gets it once, not once per NACK.
 * Confined to the session executor.
 */
final class RetransmissionBuffer {
    /** {@link #find} result: not in the buffer (never stored, overwritten, or older than max-age). */
    static final int MISSING = -1;
    /** {@link #find} result: stored, but resent less than min-interval ago. */
    static final int TOO_SOON = -2;
    private static final int EMPTY = -1;
    private static final int SEQUENCE_MASK = 0xFFFF;

    private final byte[][] packets;
    private final int[] lengths;
    private final int[] sequences;
    private final long[] storedNanos;
    private final long[] resentNanos;
    private final boolean[] resent;
    private final int mask;
    private final long maxAgeNanos;
    private final long minIntervalNanos;

    RetransmissionBuffer(int maxPackets, int packetCapacity, long maxAgeNanos, long minIntervalNanos) {
        int size = maxPackets <= 1 ? 1 : Integer.highestOneBit(maxPackets - 1) << 1;
        this.packets = new byte[size][packetCapacity];
        this.lengths = new int[size];
        this.sequences = new int[size];
        this.storedNanos = new long[size];
        this.resentNanos = new long[size];
        this.resent = new boolean[size];
        this.mask = size - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.minIntervalNanos = minIntervalNanos;
        Arrays.fill(sequences, EMPTY);
    }

    /** Slots in the ring: the configured count rounded up to a power of two. */
    int capacity() {
        return mask + 1;
    }

    /**
     * Takes the slot of {@code sequence} for a packet about to be sent (evicting whatever it held) and returns it;
     * write the packet into {@link #packet(int)} and its length with {@link #stored}.
     */
    int claim(int sequence, long nowNanos) {
        int slot = sequence & mask;
        sequences[slot] = EMPTY;
        storedNanos[slot] = nowNanos;
        resent[slot] = false;
        return slot;
    }

    /** The packet is complete in its slot: it can be found from now on. */
    void stored(int slot, int sequence, int length) {
        lengths[slot] = length;
        sequences[slot] = sequence & SEQUENCE_MASK;
    }

    /** The slot holding {@code sequence}, or {@link #MISSING} or {@link #TOO_SOON}. */
    int find(int sequence, long nowNanos) {
        int slot = sequence & mask;
        if (sequences[slot] != (sequence & SEQUENCE_MASK) || nowNanos - storedNanos[slot] > maxAgeNanos) {
            return MISSING;
        }
        if (resent[slot] && nowNanos - resentNanos[slot] < minIntervalNanos) {
            return TOO_SOON;
        }
        return slot;
    }

    /** The packet in the slot was sent again. */
    void resent(int slot, long nowNanos) {
        resent[slot] = true;
        resentNanos[slot] = nowNanos;
    }

    byte[] packet(int slot) {
        return packets[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }
}
