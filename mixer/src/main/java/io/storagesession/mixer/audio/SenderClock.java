package io.storagesession.mixer.audio;

import io.storagesession.codecs.Opus;

/**
 * One sender's audio clock as its RTCP sender reports state it (RFC 3550 §6.4.1): the NTP wallclock of one RTP
 * timestamp, from which the NTP time of any nearby timestamp follows at the 48 kHz Opus clock (RFC 7587 §4.1). The
 * mixer uses the master's to give its mixes sender reports on the master's timeline, the one the forwarded video's
 * reports use, so a viewer can line the master's voice up with its picture.
 */
final class SenderClock {
    /** No report yet (an NTP time of 0 is 1900, which no sender reports). */
    static final long UNKNOWN = 0;
    private static final int NTP_FRACTION_BITS = 32;

    private long ntp = UNKNOWN;
    private int rtpTimestamp;

    void update(long reportNtp, int reportRtpTimestamp) {
        this.ntp = reportNtp;
        this.rtpTimestamp = reportRtpTimestamp;
    }

    void forget() {
        ntp = UNKNOWN;
    }

    /** The NTP time (64-bit, RFC 5905 §6 format) of {@code timestamp}; {@link #UNKNOWN} before any report. */
    long ntpOf(int timestamp) {
        if (ntp == UNKNOWN) {
            return UNKNOWN;
        }
        long samples = timestamp - rtpTimestamp; // signed: RTP timestamps wrap (RFC 3550 §5.1)
        long seconds = Math.floorDiv(samples, Opus.SAMPLE_RATE);
        long remainder = Math.floorMod(samples, Opus.SAMPLE_RATE);
        return ntp + (seconds << NTP_FRACTION_BITS) + (remainder << NTP_FRACTION_BITS) / Opus.SAMPLE_RATE;
    }
}
