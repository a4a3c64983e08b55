package io.storagesession.mixer;

/**
 * The audio jitter buffer as it was before its payloads moved into a byte ring: one preallocated slot of the largest
 * payload per packet. Kept only as the reference {@link JitterBufferTest} compares the ring-based one with, outcome by
 * outcome and byte by byte.
 */
final class SlotJitterBuffer {
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

    private final byte[][] payloads;
    private final int[] lengths;
    private final int[] levels;
    private final int[] timestamps;
    private final int[] sequences;
    private final int mask;
    private final int startDepth;
    private final int maxDepth;
    private final int maxConceal;
    private boolean playing;
    private int next;
    private int buffered;
    private int dry;
    private int badSequence = NO_SEQUENCE;
    private int current = -1;
    /** Packets dropped to keep latency under {@code maxDepth}. */
    long trimmed;

    /**
     * @param capacity   packet slots, a power of two: the reordering window
     * @param maxPayload the largest payload a slot holds
     */
    SlotJitterBuffer(int capacity, int maxPayload, int startDepth, int maxDepth, int maxConceal) {
        if (Integer.bitCount(capacity) != 1 || startDepth < 1 || maxDepth < startDepth || maxDepth >= capacity) {
            throw new IllegalArgumentException("jitter buffer needs a power-of-two capacity above max-depth >= "
                    + "start-depth >= 1, not capacity " + capacity + ", start " + startDepth + ", max " + maxDepth);
        }
        payloads = new byte[capacity][maxPayload];
        lengths = new int[capacity];
        levels = new int[capacity];
        timestamps = new int[capacity];
        sequences = new int[capacity];
        java.util.Arrays.fill(sequences, NO_SEQUENCE);
        mask = capacity - 1;
        this.startDepth = startDepth;
        this.maxDepth = maxDepth;
        this.maxConceal = maxConceal;
    }

    /** As {@link #push(int, int, byte[], int, int, int)}, for a packet whose RTP timestamp does not matter. */
    int push(int sequence, byte[] buf, int off, int len, int level) {
        return push(sequence, 0, buf, off, len, level);
    }

    /** Stores a packet's payload; one of {@link #STORED}, {@link #LATE}, {@link #DUPLICATE}, {@link #JUMP}. */
    int push(int sequence, int timestamp, byte[] buf, int off, int len, int level) {
        if (len > payloads[0].length) {
            return TOO_LARGE;
        }
        if (buffered == 0 && !playing) {
            next = sequence;
        }
        int distance = (short) (sequence - next);
        if (distance < 0 && !playing && distance > -(payloads.length - span())) {
            next = sequence;
            distance = 0;
        }
        if (distance < 0 && distance > -payloads.length) {
            return LATE;
        }
        if (distance < 0 || distance >= payloads.length) {
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
        System.arraycopy(buf, off, payloads[slot], 0, len);
        lengths[slot] = len;
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
        for (int i = 0; i < sequences.length; i++) {
            if (sequences[i] != NO_SEQUENCE) {
                newest = Math.max(newest, ((sequences[i] - next) & SEQUENCE_MASK) + 1);
            }
        }
        return newest;
    }

    /** This tick's frame: {@link #PACKET}, {@link #LOST} or {@link #EMPTY}. */
    int pop() {
        current = -1;
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
        int slot = next & mask;
        next = (next + 1) & SEQUENCE_MASK;
        if (sequences[slot] == ((next - 1) & SEQUENCE_MASK)) {
            sequences[slot] = NO_SEQUENCE;
            buffered--;
            current = slot;
            dry = 0;
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
            buffered--;
        }
    }

    /** Forgets everything: a new stream (SSRC) or a restarted one. */
    void reset() {
        java.util.Arrays.fill(sequences, NO_SEQUENCE);
        buffered = 0;
        playing = false;
        current = -1;
        dry = 0;
        badSequence = NO_SEQUENCE;
    }

    /** The popped packet's payload; valid until the next {@link #push} or {@link #pop}. */
    byte[] payload() {
        return payloads[current];
    }

    int payloadLength() {
        return lengths[current];
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
}
