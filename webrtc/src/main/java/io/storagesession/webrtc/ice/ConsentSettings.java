package io.storagesession.webrtc.ice;

import java.time.Duration;

/**
 * ICE consent freshness as configured ({@code storage-session.ice.consent-interval} and {@code consent-timeout}),
 * RFC 7675 §5.1: a check every {@code interval} (randomized to {@link #MIN_FACTOR}–{@link #MAX_FACTOR} times it, so
 * that checks of many peers do not synchronise), and consent lost {@code timeout} after the last authenticated
 * response.
 *
 * <p>Each check is one STUN transaction, retransmitted every {@link #retransmitInterval()} (RFC 8489 §6.2.1's
 * 500 ms initial RTO, shorter only for test-sized intervals) until the earliest moment the next check can start,
 * so a peer that vanished has one outstanding transaction at a time, not a growing pile of them.
 */
public record ConsentSettings(Duration interval, Duration timeout) {
    /** RFC 7675 §5.1: "randomized from between 0.8 and 1.2 times the basic period". */
    public static final double MIN_FACTOR = 0.8;
    public static final double MAX_FACTOR = 1.2;
    /** RFC 8489 §6.2.1: the initial RTO "SHOULD be greater than or equal to 500 ms". */
    static final Duration STUN_RTO = Duration.ofMillis(500);
    /** A transaction sends at least its request and one retransmission before the next check. */
    private static final int MIN_SENDS = 2;

    public ConsentSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("storage-session.ice.consent-interval must be positive: " + interval);
        }
        if (timeout.compareTo(Duration.ofNanos((long) (interval.toNanos() * MAX_FACTOR))) <= 0) {
            throw new IllegalArgumentException("storage-session.ice.consent-timeout (" + timeout + ") must be longer "
                    + "than the longest randomized consent-interval (" + MAX_FACTOR + " x " + interval
                    + "), or consent would expire between two checks of a healthy peer");
        }
    }

    /** The shortest time between two checks. */
    public Duration shortestPeriod() {
        return Duration.ofNanos((long) (interval.toNanos() * MIN_FACTOR));
    }

    /** How long each check waits for its response before sending the same request again. */
    public Duration retransmitInterval() {
        Duration share = shortestPeriod().dividedBy(MIN_SENDS);
        return share.compareTo(STUN_RTO) < 0 ? share : STUN_RTO;
    }

    /** Retransmissions of one check, so that it gives up when the next check may begin. */
    public int retransmissions() {
        return (int) (shortestPeriod().toNanos() / retransmitInterval().toNanos()) - 1;
    }
}
