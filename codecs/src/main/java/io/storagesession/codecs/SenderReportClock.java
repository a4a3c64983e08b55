package io.storagesession.codecs;

/**
 * One RTP stream's wallclock as its RTCP sender reports state it (RFC 3550 §6.4.1): the NTP time of one RTP timestamp,
 * from which the NTP time of any nearby timestamp follows at the stream's clock rate (90 kHz for H.264, RFC 6184 §8.2.1;
 * 48 kHz for Opus, RFC 7587 §4.1). The mixer gives its audio mixes the master's timeline with it; the SFU's master
 * stream keeps the master video's one — extrapolated to now for the viewers' own reports, and lent to the stream's
 * subscribers, so the recorder turns the master's RTP timestamps into absolute timecodes with the same mapping.
 */
public final class SenderReportClock {
    /** No report yet (an NTP time of 0 is 1900, which no sender reports). */
    public static final long UNKNOWN = 0;
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970), RFC 5905 §6. */
    public static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    private static final int FRACTION_BITS = 32;
    private static final long FRACTION_MASK = 0xFFFF_FFFFL;
    private static final long MILLIS_PER_SECOND = 1_000;
    private static final long HALF_FRACTION = 1L << (FRACTION_BITS - 1);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;

    private final int clockRate;
    private long ntp = UNKNOWN;
    private int rtpTimestamp;
    private int ssrc;
    private long arrivalNanos;

    /** @param clockRate the stream's RTP clock in Hz */
    public SenderReportClock(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("an RTP clock rate is positive, not " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /** A sender report: {@code reportNtp} (64-bit NTP, RFC 5905 §6) is the time of {@code reportRtpTimestamp}. */
    public void update(long reportNtp, int reportRtpTimestamp) {
        this.ntp = reportNtp;
        this.rtpTimestamp = reportRtpTimestamp;
    }

    /**
     * A sender report of stream {@code reportSsrc} that arrived at {@code reportArrivalNanos} (a
     * {@link System#nanoTime()}-style reading), so the mapping can also be extrapolated to a later moment.
     */
    public void update(int reportSsrc, long reportNtp, int reportRtpTimestamp, long reportArrivalNanos) {
        update(reportNtp, reportRtpTimestamp);
        this.ssrc = reportSsrc;
        this.arrivalNanos = reportArrivalNanos;
    }

    /** Whether a report of stream {@code streamSsrc} gave the mapping. */
    public boolean knows(int streamSsrc) {
        return ntp != UNKNOWN && ssrc == streamSsrc;
    }

    /** The SSRC of the last report (with {@link #update(int, long, int, long)}). */
    public int ssrc() {
        return ssrc;
    }

    /** The last report's NTP time, or {@link #UNKNOWN}. */
    public long reportNtp() {
        return ntp;
    }

    /** The last report's RTP timestamp. */
    public int reportRtpTimestamp() {
        return rtpTimestamp;
    }

    /** The stream's NTP time at {@code nowNanos}: the report's, plus the time since it arrived. */
    public long ntpAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - arrivalNanos);
        long seconds = elapsed / NANOS_PER_SECOND;
        long fraction = ((elapsed % NANOS_PER_SECOND) << FRACTION_BITS) / NANOS_PER_SECOND;
        return ntp + (seconds << FRACTION_BITS) + fraction;
    }

    /** The stream's RTP timestamp at {@code nowNanos}, at its clock rate from the report's (wrapping, 32 bits). */
    public long rtpAt(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - arrivalNanos);
        long ticks = elapsed / NANOS_PER_SECOND * clockRate + elapsed % NANOS_PER_SECOND * clockRate / NANOS_PER_SECOND;
        return ((rtpTimestamp & TIMESTAMP_MASK) + ticks) & TIMESTAMP_MASK;
    }

    /** Forgets the mapping: a new stream (SSRC) has its own. */
    public void forget() {
        ntp = UNKNOWN;
    }

    public boolean known() {
        return ntp != UNKNOWN;
    }

    /** The NTP time of {@code timestamp}; {@link #UNKNOWN} before any report. Timestamps wrap (RFC 3550 §5.1). */
    public long ntpOf(int timestamp) {
        if (ntp == UNKNOWN) {
            return UNKNOWN;
        }
        long ticks = timestamp - rtpTimestamp; // int arithmetic first: the signed distance across a wrap
        long seconds = Math.floorDiv(ticks, clockRate);
        long remainder = Math.floorMod(ticks, clockRate);
        return ntp + (seconds << FRACTION_BITS) + (remainder << FRACTION_BITS) / clockRate;
    }

    /**
     * Milliseconds since the Unix epoch of a 64-bit NTP time (the unit of KVS's ABSOLUTE timecodes), rounded to the
     * nearest: a fraction computed from a clock rate is a hair under the exact instant (20 ms is 19.99999… ms).
     */
    public static long epochMillis(long ntp) {
        long seconds = (ntp >>> FRACTION_BITS) - NTP_TO_UNIX_SECONDS;
        return seconds * MILLIS_PER_SECOND + (((ntp & FRACTION_MASK) * MILLIS_PER_SECOND + HALF_FRACTION) >>> FRACTION_BITS);
    }
}
