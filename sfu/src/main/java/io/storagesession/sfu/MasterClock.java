package io.storagesession.sfu;

/**
 * The master's NTP/RTP timestamp pair from its latest sender report (RFC 3550 §6.4.1) and when it arrived, so the
 * server can say to each viewer "this RTP time is this wallclock time" in the master's own terms, extrapolated to
 * the moment of the viewer's report at the 90 kHz video clock (RFC 6184 §8.2.1). Keeping the master's wallclock,
 * rather than the server's, is what lets a viewer line its video up with audio timed from the same master.
 */
final class MasterClock {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int NTP_FRACTION_BITS = 32;
    /** 90 kHz in ticks per nanosecond, as a fraction: 90 000 / 10^9 = 9 / 100 000. */
    private static final long RTP_TICKS = 9;
    private static final long RTP_NANOS = 100_000;
    private static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;

    private boolean known;
    private int ssrc;
    private long ntp;
    private long rtpTimestamp;
    private long receivedNanos;

    void senderReport(int senderSsrc, long ntpTimestamp, long rtp, long nowNanos) {
        known = true;
        ssrc = senderSsrc;
        ntp = ntpTimestamp;
        rtpTimestamp = rtp;
        receivedNanos = nowNanos;
    }

    void reset() {
        known = false;
    }

    /** Whether a sender report of this stream has arrived since the last reset. */
    boolean knows(int streamSsrc) {
        return known && ssrc == streamSsrc;
    }

    /** The master's NTP time now (64-bit, RFC 3550 §4). */
    long ntpAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - receivedNanos);
        long seconds = elapsed / NANOS_PER_SECOND;
        long fraction = ((elapsed % NANOS_PER_SECOND) << NTP_FRACTION_BITS) / NANOS_PER_SECOND;
        return ntp + (seconds << NTP_FRACTION_BITS) + fraction;
    }

    /** The master's RTP timestamp now, on the 90 kHz clock. */
    long rtpAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - receivedNanos);
        return (rtpTimestamp + elapsed * RTP_TICKS / RTP_NANOS) & TIMESTAMP_MASK;
    }
}
