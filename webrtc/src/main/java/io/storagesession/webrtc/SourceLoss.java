package io.storagesession.webrtc;

import java.util.Arrays;

/**
 * RTP packets lost on one track a participant sends us, counted as an RTP receiver does (RFC 3550 Appendix A.1 and
 * A.3): sequence numbers are extended past their 16-bit wrap, the expected count is the extended highest sequence
 * number less the first one plus one, and the loss is expected less received, never below zero. For operators (the
 * console's live page), not for repair: the forwarder's own NACK bookkeeping is the sfu's.
 *
 * <p>Where this departs from A.1/A.3, and why:
 * <ul>
 *   <li>No probation (A.1's MIN_SEQUENTIAL): what reaches here passed SRTP authentication and the answer's SSRC
 *   check, which is what probation guards against; the first packet starts the count.</li>
 *   <li>Duplicates are recognised within {@link #MAX_MISORDER} behind the highest packet (a small bit window) and not
 *   counted as received, so a duplicated packet cannot hide a lost one (A.3 counts them and lets the loss go
 *   negative). A packet of the first few that arrives before the first one lowers the base instead of being
 *   unexpected.</li>
 *   <li>A restart: a jump of {@link #MAX_DROPOUT} or more ahead (or more than MAX_MISORDER behind) is ignored unless
 *   the next packet follows it (A.1's bad_seq); then the count starts again there, and so does it when the track's
 *   SSRC changes. The loss counted before is kept; packets lost across the jump itself are not knowable and not
 *   counted.</li>
 * </ul>
 * Allocates nothing per packet. Confined to the session executor.
 */
final class SourceLoss {
    /** RFC 3550 A.1: the largest forward jump taken as loss rather than a restarted sequence. */
    static final int MAX_DROPOUT = 3000;
    /** RFC 3550 A.1: how far behind the highest packet a late one is still reordering, not a restart. */
    static final int MAX_MISORDER = 100;
    /** RTP sequence numbers are 16 bits (RFC 3550 §5.1). */
    private static final int SEQUENCE_MOD = 1 << 16;
    private static final int SEQUENCE_MASK = SEQUENCE_MOD - 1;
    /** Bits of recently received sequence numbers: a power of two above {@link #MAX_MISORDER}. */
    private static final int WINDOW = 128;
    private static final int WINDOW_MASK = WINDOW - 1;
    private static final int NO_BAD_SEQUENCE = -1;

    private final long[] seen = new long[WINDOW / Long.SIZE];
    private boolean started;
    private int ssrc;
    /** Extended highest sequence number received (RFC 3550 A.1 cycles + max_seq). */
    private long highest;
    /** Extended first sequence number of the current count (A.1 base_seq). */
    private long base;
    private long received;
    /** Loss counted before the last restart. */
    private long lostBefore;
    /** A.1 bad_seq: the sequence number that would confirm a jump. */
    private int badSequence = NO_BAD_SEQUENCE;

    /** One packet of the track: its SSRC and 16-bit sequence number. */
    void received(int packetSsrc, int sequence) {
        if (!started || packetSsrc != ssrc) {
            restart(packetSsrc, sequence);
            return;
        }
        int ahead = (sequence - (int) (highest & SEQUENCE_MASK)) & SEQUENCE_MASK;
        if (ahead < MAX_DROPOUT) {
            if (ahead == 0) {
                return; // a duplicate of the highest
            }
            advance(ahead);
            mark(highest);
            received++;
        } else if (ahead <= SEQUENCE_MOD - MAX_MISORDER) {
            if (sequence == badSequence) {
                restart(packetSsrc, sequence);
            } else {
                badSequence = (sequence + 1) & SEQUENCE_MASK;
            }
        } else {
            long late = highest - (SEQUENCE_MOD - ahead);
            if (marked(late)) {
                return; // a duplicate
            }
            mark(late);
            received++;
            base = Math.min(base, late);
        }
    }

    /** Packets lost so far: expected less received, over every count since the first packet. */
    long lost() {
        return lostBefore + current();
    }

    private long current() {
        return started ? Math.max(0, highest - base + 1 - received) : 0;
    }

    private void restart(int packetSsrc, int sequence) {
        lostBefore += current();
        started = true;
        ssrc = packetSsrc;
        highest = sequence;
        base = sequence;
        received = 1;
        badSequence = NO_BAD_SEQUENCE;
        Arrays.fill(seen, 0);
        mark(highest);
    }

    /** Moves the highest forward by {@code by}, forgetting the window's slots it passes. */
    private void advance(int by) {
        if (by >= WINDOW) {
            Arrays.fill(seen, 0);
        } else {
            for (int i = 1; i <= by; i++) {
                clear(highest + i);
            }
        }
        highest += by;
    }

    private void mark(long extended) {
        int bit = (int) (extended & WINDOW_MASK);
        seen[bit / Long.SIZE] |= 1L << (bit % Long.SIZE);
    }

    private void clear(long extended) {
        int bit = (int) (extended & WINDOW_MASK);
        seen[bit / Long.SIZE] &= ~(1L << (bit % Long.SIZE));
    }

    private boolean marked(long extended) {
        int bit = (int) (extended & WINDOW_MASK);
        return (seen[bit / Long.SIZE] & 1L << (bit % Long.SIZE)) != 0;
    }
}
