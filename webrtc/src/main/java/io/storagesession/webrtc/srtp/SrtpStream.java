package io.storagesession.webrtc.srtp;

/**
 * What SRTP remembers about one SSRC in one direction: the highest packet index so far — for SRTP the rollover
 * counter and highest sequence number of RFC 3711 §3.3.1, for SRTCP the 31-bit index of §3.4 — and, when receiving,
 * the replay window of §3.3.2 behind it. Plain fields, so that the per-packet path allocates nothing.
 */
final class SrtpStream {
    /** RFC 3711 §3.3.2 asks for at least 64; a bit per index behind the highest. */
    static final int REPLAY_WINDOW = Long.SIZE;
    private static final int SEQUENCE_BITS = 16;
    private static final int HALF_SEQUENCE_SPACE = 1 << (SEQUENCE_BITS - 1);
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
    /** RFC 3711 §3.4: SRTCP indices are 31 bits. */
    private static final int RTCP_INDEX_MASK = 0x7FFF_FFFF;

    private long highest = -1;
    private long window;
    private int lastRtcpIndex;

    /** Forgets everything, for reuse as a fresh stream. */
    SrtpStream reset() {
        highest = -1;
        window = 0;
        lastRtcpIndex = 0;
        return this;
    }

    /**
     * RFC 3711 Appendix A: the packet index {@code ROC·2^16 + SEQ} this sequence number most likely has, given the
     * highest so far; the first packet of a stream has ROC 0. Returns -1 for a packet from before the first rollover
     * period, which no sender can have sent.
     */
    long estimateIndex(int sequence) {
        if (highest < 0) {
            return sequence;
        }
        long roc = highest >>> SEQUENCE_BITS;
        int highestSequence = (int) (highest & SEQUENCE_MASK);
        long guessedRoc = roc;
        if (highestSequence < HALF_SEQUENCE_SPACE) {
            if (sequence - highestSequence > HALF_SEQUENCE_SPACE) {
                guessedRoc = roc - 1;
            }
        } else if (highestSequence - HALF_SEQUENCE_SPACE > sequence) {
            guessedRoc = roc + 1;
        }
        return guessedRoc < 0 ? -1 : guessedRoc << SEQUENCE_BITS | sequence;
    }

    /** RFC 3711 §3.3.2: whether this index was received before or is too old for the window to tell. */
    boolean isReplay(long index) {
        if (highest < 0 || index > highest) {
            return false;
        }
        long behind = highest - index;
        return behind >= REPLAY_WINDOW || (window >>> behind & 1) != 0;
    }

    /** Records an index that authenticated (receiving) or was protected (sending): the window and highest move on. */
    void accept(long index) {
        if (highest < 0) {
            highest = index;
            window = 1;
        } else if (index > highest) {
            long ahead = index - highest;
            window = ahead >= REPLAY_WINDOW ? 1 : window << ahead | 1;
            highest = index;
        } else {
            window |= 1L << (highest - index);
        }
    }

    /** The next SRTCP index to send: 1 for the first packet, as libsrtp numbers them, then one more each time. */
    int nextRtcpIndex() {
        lastRtcpIndex = (lastRtcpIndex + 1) & RTCP_INDEX_MASK;
        return lastRtcpIndex;
    }
}
