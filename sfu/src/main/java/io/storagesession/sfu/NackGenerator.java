package io.storagesession.sfu;

import io.storagesession.codecs.rtp.RtcpFeedback;

/**
 * The master's video sequence numbers as the server receives them, and the packets it is still missing: each gap is
 * NACKed (RFC 4585 §6.2.1) at once, then again every retry-interval until the packet arrives (as itself or as RTX)
 * or max-retries are spent; then it is lost for good and a keyframe is needed, since the recorder and the viewers
 * want whole frames. Sequence numbers are extended past their 16-bit wrap as in RFC 3550 A.1, whose MAX_DROPOUT and
 * MAX_MISORDER rules also decide when a jump is a restarted sequence (confirmed by the next packet) rather than junk.
 * The missing list is a pair of preallocated arrays in ascending order; nothing is allocated per packet. Confined to
 * the session executor.
 */
final class NackGenerator {
    /** {@link #received} outcomes. The first three are forwarded, the last two dropped. */
    static final int NEW = 0;
    static final int RECOVERED = 1;
    static final int RESTARTED = 2;
    static final int DUPLICATE = 3;
    static final int JUMP = 4;

    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final int SEQUENCES = 1 << 16;
    /** A BLP covers the 16 packets after the PID (RFC 4585 §6.2.1). */
    private static final int BLP_BITS = 16;

    private final int capacity;
    private final int maxRetries;
    private final long retryIntervalNanos;
    private final int maxDropout;
    private final int maxMisorder;
    private final int[] missing;
    private final int[] retries;
    private final long[] lastNackNanos;
    private int count;
    private boolean started;
    /** Highest sequence number received, extended (cycles · 2^16 + sequence). */
    private int highest;
    /** RFC 3550 A.1 bad_seq: the sequence number that would confirm a jump; -1 when none is pending. */
    private int confirmingSequence = -1;
    private boolean keyframeNeeded;
    /** Packets given up since the last call to {@link #takeLost()}. */
    private int lost;

    NackGenerator(VideoSettings settings) {
        this.capacity = settings.nackMaxMissing();
        this.maxRetries = settings.nackMaxRetries();
        this.retryIntervalNanos = settings.nackRetryInterval().toNanos();
        this.maxDropout = settings.nackMaxDropout();
        this.maxMisorder = settings.nackMaxMisorder();
        this.missing = new int[capacity];
        this.retries = new int[capacity];
        this.lastNackNanos = new long[capacity];
    }

    /** Forgets the stream: the next packet starts a new one (a new master). */
    void reset() {
        started = false;
        count = 0;
        confirmingSequence = -1;
        keyframeNeeded = false;
    }

    /** Most FCI entries {@link #due} can write: one per missing packet at worst. */
    int maxItems() {
        return capacity;
    }

    /** Packets missing now. */
    int missingCount() {
        return count;
    }

    /** Takes a packet with this 16-bit sequence number into account; returns one of the outcomes above. */
    int received(int sequence) {
        if (!started) {
            restart(sequence);
            return NEW;
        }
        int delta = (short) (sequence - (highest & SEQUENCE_MASK));
        if (delta == 0) {
            return DUPLICATE;
        }
        if (delta > maxDropout || -delta > maxMisorder && !isMissing(highest + delta)) {
            return jump(sequence);
        }
        confirmingSequence = -1;
        if (delta < 0) {
            return remove(highest + delta) ? RECOVERED : DUPLICATE;
        }
        int gap = delta - 1;
        if (gap > 0 && count + gap > capacity) {
            lost += count + gap;
            count = 0;
            keyframeNeeded = true;
        } else {
            for (int i = 1; i <= gap; i++) {
                missing[count] = highest + i;
                retries[count] = 0;
                lastNackNanos[count] = 0;
                count++;
            }
        }
        highest += delta;
        return NEW;
    }

    /**
     * Writes the NACK entries ({@code PID << 16 | BLP}) for every missing packet never NACKed or last NACKed at
     * least retry-interval ago, into {@code items}; returns how many. Packets past max-retries are dropped from the
     * list and make {@link #takeKeyframeNeeded()} true.
     */
    int due(long nowNanos, int[] items) {
        int n = 0;
        int pid = 0;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int sequence = missing[i];
            boolean nackedBefore = retries[i] > 0;
            if (nackedBefore && nowNanos - lastNackNanos[i] < retryIntervalNanos) {
                keep(i, kept++);
                continue;
            }
            if (retries[i] >= maxRetries) {
                lost++;
                keyframeNeeded = true;
                continue;
            }
            retries[i]++;
            lastNackNanos[i] = nowNanos;
            keep(i, kept++);
            int distance = sequence - pid;
            if (n > 0 && distance >= 1 && distance <= BLP_BITS) {
                items[n - 1] |= 1 << (distance - 1);
            } else {
                pid = sequence;
                items[n++] = (sequence & SEQUENCE_MASK) << BLP_BITS;
            }
        }
        count = kept;
        return n;
    }

    /** Whether a loss could not be repaired since the last call (and so a keyframe should be asked for). */
    boolean takeKeyframeNeeded() {
        boolean needed = keyframeNeeded;
        keyframeNeeded = false;
        return needed;
    }

    /** Packets given up since the last call. */
    int takeLost() {
        int n = lost;
        lost = 0;
        return n;
    }

    /** RFC 3550 A.1: a jump is dropped unless the packet right after the previous jumper confirms it. */
    private int jump(int sequence) {
        if (sequence == confirmingSequence) {
            lost += count;
            restart(sequence);
            keyframeNeeded = true;
            return RESTARTED;
        }
        confirmingSequence = (sequence + 1) & SEQUENCE_MASK;
        return JUMP;
    }

    private void restart(int sequence) {
        started = true;
        highest = SEQUENCES + sequence;
        count = 0;
        confirmingSequence = -1;
    }

    private void keep(int from, int to) {
        if (from != to) {
            missing[to] = missing[from];
            retries[to] = retries[from];
            lastNackNanos[to] = lastNackNanos[from];
        }
    }

    private boolean isMissing(int extended) {
        return indexOf(extended) >= 0;
    }

    private int indexOf(int extended) {
        for (int i = 0; i < count; i++) {
            if (missing[i] == extended) {
                return i;
            }
        }
        return -1;
    }

    private boolean remove(int extended) {
        int i = indexOf(extended);
        if (i < 0) {
            return false;
        }
        System.arraycopy(missing, i + 1, missing, i, count - i - 1);
        System.arraycopy(retries, i + 1, retries, i, count - i - 1);
        System.arraycopy(lastNackNanos, i + 1, lastNackNanos, i, count - i - 1);
        count--;
        return true;
    }

    /** Bytes a compound RR + NACK with every missing packet in its own entry can take. */
    int maxNackBytes() {
        return RtcpFeedback.RR_LENGTH + RtcpFeedback.NACK_HEADER_LENGTH + capacity * RtcpFeedback.NACK_ITEM_LENGTH;
    }
}
