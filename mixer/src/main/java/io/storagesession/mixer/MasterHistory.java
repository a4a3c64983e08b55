package io.storagesession.mixer;

import java.util.Arrays;

/**
 * The master's last video packets as they arrived, once per session, by sequence number: what every viewer's NACKs are
 * answered from ({@link RetransmissionBuffer} keeps, per viewer, only which of these it sent under which numbers). One
 * copy instead of one per viewer keeps a viewer's cost to a few arrays of ints; the session pays for one ring of
 * preallocated slots, made when its first viewer connects. Confined to the session executor.
 */
final class MasterHistory {
    private static final int EMPTY = -1;
    private static final int SEQUENCE_MASK = 0xFFFF;

    private final byte[][] packets;
    private final int[] lengths;
    private final int[] sequences;
    private final int[] ssrcs;
    private final int mask;

    /** {@code maxPackets} rounded up to a power of two, each slot {@code packetCapacity} bytes. */
    MasterHistory(int maxPackets, int packetCapacity) {
        int size = maxPackets <= 1 ? 1 : Integer.highestOneBit(maxPackets - 1) << 1;
        this.packets = new byte[size][packetCapacity];
        this.lengths = new int[size];
        this.sequences = new int[size];
        this.ssrcs = new int[size];
        this.mask = size - 1;
        Arrays.fill(sequences, EMPTY);
    }

    int capacity() {
        return mask + 1;
    }

    /**
     * Keeps the master's packet with {@code sequence} from source {@code ssrc}, evicting the one that held its slot;
     * returns the slot.
     */
    int store(int ssrc, int sequence, byte[] packet, int off, int len) {
        int slot = sequence & mask;
        System.arraycopy(packet, off, packets[slot], 0, len);
        lengths[slot] = len;
        sequences[slot] = sequence & SEQUENCE_MASK;
        ssrcs[slot] = ssrc;
        return slot;
    }

    /**
     * Whether {@code slot} still holds packet {@code sequence} of source {@code ssrc}: not overwritten, and not a new
     * master's packet that happens to carry the same number.
     */
    boolean holds(int slot, int ssrc, int sequence) {
        return sequences[slot] == (sequence & SEQUENCE_MASK) && ssrcs[slot] == ssrc;
    }

    byte[] packet(int slot) {
        return packets[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }
}
