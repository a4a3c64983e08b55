package io.storagesession.mixer;

import java.util.Arrays;

/**
 * What was sent on one viewer's video stream, by the viewer's sequence number, to answer that viewer's generic NACKs
 * (RFC 4585 §6.2.1) with the very packet it missed: which of the master's packets in the session's
 * {@link MasterHistory} it was, and the timestamp it carried (the bytes are rebuilt from the master's copy with the
 * same rewrite). A ring indexed by the low bits of the sequence number, so storing and finding allocate nothing;
 * bounded by count (the ring) and by age, because a packet older than the viewer's jitter buffer is useless to it.
 * Each slot also remembers when it was last resent, so a viewer that repeats its NACK before our retransmission could
 * have arrived gets it once, not once per NACK. Confined to the session executor.
 */
final class RetransmissionBuffer {
    /** {@link #find} result: not in the buffer (never stored, overwritten, or older than max-age). */
    static final int MISSING = -1;
    /** {@link #find} result: stored, but resent less than min-interval ago. */
    static final int TOO_SOON = -2;
    private static final int EMPTY = -1;
    private static final int SEQUENCE_MASK = 0xFFFF;

    private final int[] sources;
    private final int[] sourceSsrcs;
    private final int[] sourceSequences;
    private final int[] timestamps;
    private final int[] sequences;
    private final long[] storedNanos;
    private final long[] resentNanos;
    private final boolean[] resent;
    private final int mask;
    private final long maxAgeNanos;
    private final long minIntervalNanos;

    RetransmissionBuffer(int maxPackets, long maxAgeNanos, long minIntervalNanos) {
        int size = maxPackets <= 1 ? 1 : Integer.highestOneBit(maxPackets - 1) << 1;
        this.sources = new int[size];
        this.sourceSsrcs = new int[size];
        this.sourceSequences = new int[size];
        this.timestamps = new int[size];
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
     * say what it was with {@link #stored}.
     */
    int claim(int sequence, long nowNanos) {
        int slot = sequence & mask;
        sequences[slot] = EMPTY;
        storedNanos[slot] = nowNanos;
        resent[slot] = false;
        return slot;
    }

    /**
     * The packet was sent: the master's packet {@code sourceSequence} of {@code sourceSsrc}, kept in history slot
     * {@code source}, under our {@code sequence} and {@code timestamp}. It can be found from now on.
     */
    void stored(int slot, int sequence, int source, int sourceSsrc, int sourceSequence, int timestamp) {
        sources[slot] = source;
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

    /** The {@link MasterHistory} slot of the packet sent. */
    int source(int slot) {
        return sources[slot];
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
}
