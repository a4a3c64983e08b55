package io.storagesession.webrtc.srtp;

/**
 * Why {@link SrtpSession} refused a packet. Its methods return the new packet length, or one of these codes — all
 * negative — so that the per-packet path allocates nothing; {@link #of(int)} turns a code back into a reason.
 */
public enum SrtpDrop {
    /** Too short, not RTP/RTCP version 2, or header lengths that do not fit (RFC 3550 §5.1, §6.4). */
    INVALID_PACKET(-1),
    /** The authentication tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §9.3). */
    AUTH_FAILED(-2),
    /** Seen before, or older than the 64-packet replay window (RFC 3711 §3.3.2). */
    REPLAYED(-3),
    /** A new SSRC beyond the cap: a peer must not make us derive and keep contexts without bound. */
    TOO_MANY_SSRCS(-4),
    /** The session was closed. */
    CLOSED(-5),
    /** The cipher failed for another reason; logged at debug. */
    CRYPTO_ERROR(-6);

    private final int code;

    SrtpDrop(int code) {
        this.code = code;
    }

    /** The negative value the {@link SrtpSession} methods return for this reason. */
    public int code() {
        return code;
    }

    /** The reason behind a negative result. */
    public static SrtpDrop of(int code) {
        for (SrtpDrop drop : values()) {
            if (drop.code == code) {
                return drop;
            }
        }
        throw new IllegalArgumentException("not an SrtpDrop code: " + code);
    }
}
