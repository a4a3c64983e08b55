package io.storagesession.sfu;

import java.util.Arrays;

/**
 * What was sent on one viewer's video stream, by the viewer's sequence number, to answer that viewer's generic NACKs
 * (RFC 4585 §6.2.1) with the very packet it missed: which of the master's packets in the session's
 * {@link MasterHistory} it was (its SSRC and sequence number, by which the history finds it), and the timestamp it
 * carried (the bytes are rebuilt from the master's copy with the same rewrite). A ring indexed by the low bits of the
 * sequence number, so storing and finding allocate nothing; bounded by count (the ring) and by age, because a packet
 * older than the viewer's jitter buffer is useless to it. The ring starts small and doubles (up to
 * {@code maxPackets}) only when a packet would otherwise take the slot of one younger than max-age, so it settles at
 * what the stream's rate × max-age needs (128 slots at 1 Mbps) instead of being sized for the fastest stream. Each
 * slot also remembers when it was last resent, so a viewer that repeats its NACK before our retransmission could have
 * arrived gets it once, not once per NACK. Confined to the session executor.
 */
final class RetransmissionBuffer {
    /** {@link #find} result: not in the buffer (never stored, overwritten, or older than max-age). */
    static final int MISSING = -1;
    /** {@link #find} result: stored, but resent less than min-interval ago. */
    static final int TOO_SOON = -2;
    private static final int EMPTY = -1;
    private static final int SEQUENCE_MASK = 0xFFFF;
    /** {@link #resentNanos} of a packet never resent. */
    private static final long NEVER = Long.MIN_VALUE;

    private int[] sourceSsrcs;
    private int[] sourceSequences;
    private int[] timestamps;
    private int[] sequences;
    private long[] storedNanos;
    private long[] resentNanos;
    private int mask;
    private final int maxSize;
    private final long maxAgeNanos;
    private final long minIntervalNanos;

    /**
     * @param initialPackets slots at first, rounded up to a power of two
     * @param maxPackets     the most slots it grows to, rounded up to a power of two (at least {@code initialPackets})
     */
    RetransmissionBuffer(int initialPackets, int maxPackets, long maxAgeNanos, long minIntervalNanos) {
        if (initialPackets <= 0 || maxPackets < initialPackets) {
            throw new IllegalArgumentException("need 0 < initial packets <= max packets: " + initialPackets + ", "
                    + maxPackets);
        }
        this.maxSize = powerOfTwo(maxPackets);
        this.maxAgeNanos = maxAgeNanos;
        this.minIntervalNanos = minIntervalNanos;
        allocate(powerOfTwo(initialPackets));
    }

    private void allocate(int size) {
        sourceSsrcs = new int[size];
        sourceSequences = new int[size];
        timestamps = new int[size];
        sequences = new int[size];
        storedNanos = new long[size];
        resentNanos = new long[size];
        mask = size - 1;
        Arrays.fill(sequences, EMPTY);
    }

    /** Slots in the ring now: a power of two. */
    int capacity() {
        return mask + 1;
    }

    /** The most slots the ring grows to: the configured count rounded up to a power of two. */
    int maxCapacity() {
        return maxSize;
    }

    /**
     * Takes the slot of {@code sequence} for a packet about to be sent (evicting whatever it held, after growing the
     * ring if that was another packet younger than max-age) and returns it; say what it was with {@link #stored}.
     */
    int claim(int sequence, long nowNanos) {
        int number = sequence & SEQUENCE_MASK;
        int slot = number & mask;
        while (mask + 1 < maxSize && sequences[slot] != EMPTY && sequences[slot] != number
                && nowNanos - storedNanos[slot] <= maxAgeNanos) {
            grow();
            slot = number & mask;
        }
        sequences[slot] = EMPTY;
        storedNanos[slot] = nowNanos;
        resentNanos[slot] = NEVER;
        return slot;
    }

    /** Doubles the ring; every packet moves to the slot its number has in the larger one (no two share it). */
    private void grow() {
        int[] oldSourceSsrcs = sourceSsrcs;
        int[] oldSourceSequences = sourceSequences;
        int[] oldTimestamps = timestamps;
        int[] oldSequences = sequences;
        long[] oldStored = storedNanos;
        long[] oldResent = resentNanos;
        allocate(oldSequences.length << 1);
        for (int old = 0; old < oldSequences.length; old++) {
            if (oldSequences[old] == EMPTY) {
                continue;
            }
            int slot = oldSequences[old] & mask;
            sourceSsrcs[slot] = oldSourceSsrcs[old];
            sourceSequences[slot] = oldSourceSequences[old];
            timestamps[slot] = oldTimestamps[old];
            sequences[slot] = oldSequences[old];
            storedNanos[slot] = oldStored[old];
            resentNanos[slot] = oldResent[old];
        }
    }
    /**
     * The packet was sent: the master's packet {@code sourceSequence} of {@code sourceSsrc} (found again in the
     * {@link MasterHistory} by these), under our {@code sequence} and {@code timestamp}. It can be found from now on.
     */
    void stored(int slot, int sequence, int sourceSsrc, int sourceSequence, int timestamp) {
        sourceSsrcs[slot] = sourceSsrc;
        sourceSequences[slot] = sourceSequence;
        timestamps[slot] = timestamp;
        sequences[slot] = sequence & SEQUENCE_MASK;
    }

    /** The slot holding {@code sequence}, or {@link #MISSING} or {@link #TOO_SOON}. */
    int find(int sequence, long nowNanos) {
        int slot = sequence & mask;
        if (sequences[slot] != (sequence & SEQUENCE_MASK) || nowNanos - storedNanos[slot] > maxAgeNanos) {
            return MISSING;
        }
        if (resentNanos[slot] != NEVER && nowNanos - resentNanos[slot] < minIntervalNanos) {
            return TOO_SOON;
        }
        return slot;
    }

    /** The packet in the slot was sent again. */
    void resent(int slot, long nowNanos) {
        resentNanos[slot] = nowNanos;
    }

    /** The master's SSRC of the packet sent. */
    int sourceSsrc(int slot) {
        return sourceSsrcs[slot];
    }

    /** The master's sequence number of the packet sent. */
    int sourceSequence(int slot) {
        return sourceSequences[slot];
    }

    /** The timestamp the packet was sent with. */
    int timestamp(int slot) {
        return timestamps[slot];
    }

    private static int powerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
