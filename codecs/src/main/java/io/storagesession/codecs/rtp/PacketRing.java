package io.storagesession.codecs.rtp;

import java.util.Arrays;

/**
 * The last RTP packets of one stream, of any length, stored back to back in one byte ring and found by sequence
 * number (slot = sequence &amp; mask, RFC 3550 §5.1: the sequence number is what a receiver restores order and finds
 * losses by, and what a NACK names, RFC 4585 §6.2.1). It replaces rings of fixed MTU-sized slots, which cost
 * slots × MTU whatever the stream: here a stream costs its bit rate × how long its packets are kept.
 *
 * <p>Every byte written has an absolute position that only grows; a packet remembers where it started, and is intact
 * as long as nothing was written a whole ring further on ({@code end - start <= capacity}). A packet that would
 * straddle the end of the array starts at the next lap, so each packet is one contiguous range a caller reads at
 * {@link #offset}. The ring starts at {@code initialBytes} and doubles (live packets copied, their slots still
 * valid) only when a write would destroy a packet stored less than {@code retentionNanos} ago and not yet
 * {@link #release released}; at {@code maxBytes} it overwrites the oldest instead and counts it in
 * {@link #overwritten}. So it allocates while a stream ramps up, and nothing per packet after.
 *
 * <p>The slots may grow too: from {@code initialSlots}, doubling up to {@code maxSlots}, when a packet would take the
 * slot of another that is intact, unreleased, younger than the retention, and in another slot once there are
 * {@code maxSlots} (keys that differ only above those bits, or not at all, replace each other at any size). Its
 * packets then move to the slot their number has in the larger table, so a slot number is only good until the next
 * {@link #store}; {@link #find} gives a packet's slot by its number. A history kept for a time costs the slots its
 * stream's rate needs for that time.
 *
 * <p>Which packets a write destroys is found through a queue of the packets in write order (as many entries as
 * slots; growing slots grow it rather than forget a packet within the retention). When more packets than slots lie
 * within one lap, the oldest entries are forgotten: their packets can then be overwritten without growing, but are
 * never returned damaged, since {@link #holds} checks positions, not the queue.
 *
 * <p>Not thread-safe: one stream, one thread (a session executor, or the recorder's).
 */
public final class PacketRing {
    /** {@link #store} result: the packet was refused (negative length, or longer than the maximum capacity). */
    public static final int REFUSED = -1;
    /** {@link #find} result: no packet with that number is held. */
    public static final int NOT_HELD = -1;
    private static final long EMPTY = Long.MIN_VALUE;
    /** Arrays are indexed by int; a power of two within range. */
    private static final int MAX_CAPACITY = 1 << 30;

    private int mask;
    private final int maxMask;
    private long[] keys;
    private long[] starts;
    private int[] lengths;
    private long[] storedNanos;
    /** Packets in the order written: their start, and the slot that had them (moved along when the slots grow). */
    private long[] orderStarts;
    private int[] orderSlots;
    private long orderHead;
    private long orderTail;
    private final int maxBytes;
    private final long retentionNanos;
    private byte[] bytes;
    /** Absolute position just past the last byte written. */
    private long end;
    private long overwritten;

    /**
     * @param slots packets indexed, rounded up to a power of two (at most 2^15, half the 16-bit sequence space)
     * @param initialBytes the byte ring's first size, rounded up to a power of two
     * @param maxBytes how far it may grow, rounded up to a power of two; longer packets are refused
     * @param retentionNanos a packet stored less than this long ago is not overwritten while the ring can grow;
     *                       {@link Long#MAX_VALUE} keeps every packet until it is released
     */
    public PacketRing(int slots, int initialBytes, int maxBytes, long retentionNanos) {
        this(slots, slots, initialBytes, maxBytes, retentionNanos);
    }

    /**
     * A ring whose slots also grow: from {@code initialSlots} up to {@code maxSlots} (both rounded up to a power of
     * two, at most 2^15), only when a packet would otherwise take the slot of one still within the retention.
     */
    public PacketRing(int initialSlots, int maxSlots, int initialBytes, int maxBytes, long retentionNanos) {
        if (initialSlots <= 0 || maxSlots < initialSlots || maxSlots > 1 << 15) {
            throw new IllegalArgumentException("need 1 <= initial slots <= max slots <= 32768: " + initialSlots
                    + ", " + maxSlots);
        }
        if (initialBytes <= 0 || maxBytes < initialBytes || maxBytes > MAX_CAPACITY) {
            throw new IllegalArgumentException("need 0 < initialBytes <= maxBytes <= 2^30: " + initialBytes
                    + ", " + maxBytes);
        }
        if (retentionNanos < 0) {
            throw new IllegalArgumentException("retention must not be negative: " + retentionNanos);
        }
        this.maxMask = powerOfTwo(maxSlots) - 1;
        allocateSlots(powerOfTwo(initialSlots));
        this.maxBytes = powerOfTwo(maxBytes);
        this.retentionNanos = retentionNanos;
        this.bytes = new byte[powerOfTwo(initialBytes)];
    }

    private void allocateSlots(int size) {
        mask = size - 1;
        keys = new long[size];
        starts = new long[size];
        lengths = new int[size];
        storedNanos = new long[size];
        orderStarts = new long[size];
        orderSlots = new int[size];
        Arrays.fill(keys, EMPTY);
    }

    /** The slot count now: a power of two. */
    public int slots() {
        return mask + 1;
    }

    /** The byte ring's size now. */
    public int capacityBytes() {
        return bytes.length;
    }

    /** The most {@link #capacityBytes} may grow to, and the longest packet taken. */
    public int maxBytes() {
        return maxBytes;
    }

    /** Packets destroyed while still within the retention, because the ring could not grow further. */
    public long overwritten() {
        return overwritten;
    }

    /**
     * Copies the packet (or payload) {@code sequence} in, evicting whatever its slot held, at {@code nowNanos} on the
     * caller's clock. Returns its slot, or {@link #REFUSED} (nothing changed) for a negative length or one beyond
     * {@link #maxBytes}. {@code sequence} is the caller's key, never negative: a 16-bit sequence number or an extended
     * one, with anything else the caller tells packets apart by above the bits that pick the slot.
     */
    public int store(long sequence, byte[] packet, int off, int len, long nowNanos) {
        if (len < 0 || len > maxBytes) {
            return REFUSED;
        }
        int slot = (int) (sequence & mask);
        while (mask < maxMask && keys[slot] != EMPTY && ((keys[slot] ^ sequence) & maxMask) != 0
                && end - starts[slot] <= bytes.length && nowNanos - storedNanos[slot] < retentionNanos) {
            growSlots();
            slot = (int) (sequence & mask);
        }
        keys[slot] = EMPTY;
        while (bytes.length < len) {
            grow();
        }
        long start = placement(len);
        while (!makeRoom(start + len, nowNanos)) {
            grow();
            start = placement(len);
        }
        System.arraycopy(packet, off, bytes, offset(start), len);
        end = start + len;
        keys[slot] = sequence;
        starts[slot] = start;
        lengths[slot] = len;
        storedNanos[slot] = nowNanos;
        makeQueueRoom(nowNanos);
        orderStarts[(int) (orderTail & mask)] = start;
        slot = (int) (sequence & mask);
        orderSlots[(int) (orderTail & mask)] = slot;
        orderTail++;
        return slot;
    }

    /**
     * Frees an entry of a full write-order queue: a dead packet's if it has one at its head; else, while the slots may
     * still grow, it grows with them rather than forget a packet within the retention (whose bytes could then be
     * overwritten without the ring growing); else the oldest entry is forgotten.
     */
    private void makeQueueRoom(long nowNanos) {
        while (orderTail - orderHead > mask) {
            int slot = orderSlots[(int) (orderHead & mask)];
            boolean keep = keys[slot] != EMPTY && starts[slot] == orderStarts[(int) (orderHead & mask)]
                    && end - starts[slot] <= bytes.length && nowNanos - storedNanos[slot] < retentionNanos;
            if (keep && mask < maxMask) {
                growSlots();
            } else {
                orderHead++;
            }
        }
    }

    /** The slot holding packet {@code sequence}, every byte of it as stored, or {@link #NOT_HELD}. */
    public int find(long sequence) {
        int slot = (int) (sequence & mask);
        return holds(slot, sequence) ? slot : NOT_HELD;
    }

    /** Whether {@code slot} still holds packet {@code sequence}, every byte of it as stored. */
    public boolean holds(int slot, long sequence) {
        return slot >= 0 && slot <= mask && keys[slot] == sequence && end - starts[slot] <= bytes.length;
    }

    /** The caller is done with the packet in {@code slot}: its bytes may be overwritten, however young. */
    public void release(int slot) {
        keys[slot] = EMPTY;
    }

    /** Forgets every packet; the capacity reached is kept. */
    public void clear() {
        Arrays.fill(keys, EMPTY);
        orderHead = orderTail;
    }

    /** The array the packets are in; it changes when the ring grows, so take it again after each {@link #store}. */
    public byte[] bytes() {
        return bytes;
    }

    /** Where the packet in {@code slot} starts in {@link #bytes}; only meaningful while {@link #holds} is true. */
    public int offset(int slot) {
        return offset(starts[slot]);
    }

    /** The packet's length in bytes. */
    public int length(int slot) {
        return lengths[slot];
    }

    /** Where a packet of {@code len} bytes goes: after the last one, or at the next lap if it would straddle the end. */
    private long placement(int len) {
        int at = offset(end);
        return at + len <= bytes.length ? end : end - at + bytes.length;
    }

    /**
     * Forgets the packets a write ending at {@code newEnd} destroys; false (nothing forgotten yet) if one of them is
     * live and younger than the retention while the ring may still grow.
     */
    private boolean makeRoom(long newEnd, long nowNanos) {
        long floor = newEnd - bytes.length;
        while (orderHead < orderTail && orderStarts[(int) (orderHead & mask)] < floor) {
            int slot = orderSlots[(int) (orderHead & mask)];
            boolean live = keys[slot] != EMPTY && starts[slot] == orderStarts[(int) (orderHead & mask)];
            if (live && nowNanos - storedNanos[slot] < retentionNanos) {
                if (bytes.length < maxBytes) {
                    return false;
                }
                overwritten++;
            }
            if (live) {
                keys[slot] = EMPTY;
            }
            orderHead++;
        }
        return true;
    }

    /**
     * Doubles the slots: each packet moves to the slot its key has in the larger table (keys that differed in their
     * low bits still do), and the write-order queue keeps its entries in order, pointing where their packets went.
     */
    private void growSlots() {
        long[] oldKeys = keys;
        long[] oldStarts = starts;
        int[] oldLengths = lengths;
        long[] oldStored = storedNanos;
        long[] oldOrderStarts = orderStarts;
        int[] oldOrderSlots = orderSlots;
        int oldMask = mask;
        allocateSlots((mask + 1) << 1);
        for (int old = 0; old <= oldMask; old++) {
            if (oldKeys[old] != EMPTY) {
                int slot = (int) (oldKeys[old] & mask);
                keys[slot] = oldKeys[old];
                starts[slot] = oldStarts[old];
                lengths[slot] = oldLengths[old];
                storedNanos[slot] = oldStored[old];
            }
        }
        for (long i = orderHead; i < orderTail; i++) {
            int old = oldOrderSlots[(int) (i & oldMask)];
            orderStarts[(int) (i & mask)] = oldOrderStarts[(int) (i & oldMask)];
            // an entry whose slot was emptied stays dead: no packet has its start
            orderSlots[(int) (i & mask)] = oldKeys[old] == EMPTY ? old : (int) (oldKeys[old] & mask);
        }
    }

    /** Doubles the ring, copying the packets still intact to where their positions fall in the larger one. */
    private void grow() {
        byte[] larger = new byte[bytes.length << 1];
        for (int slot = 0; slot <= mask; slot++) {
            if (keys[slot] == EMPTY) {
                continue;
            }
            if (end - starts[slot] > bytes.length) {
                keys[slot] = EMPTY;
            } else {
                System.arraycopy(bytes, offset(starts[slot]), larger, (int) (starts[slot] & (larger.length - 1)),
                        lengths[slot]);
            }
        }
        bytes = larger;
    }

    private int offset(long position) {
        return (int) (position & (bytes.length - 1));
    }

    private static int powerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
