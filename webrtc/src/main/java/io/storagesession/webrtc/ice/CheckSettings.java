package io.storagesession.webrtc.ice;

import java.time.Duration;

/**
 * How connectivity checks are paced and retransmitted ({@code storage-session.ice.checks}): a new check every
 * {@code pacing} (RFC 8445 §14.2's Ta), each retransmitted after {@code rto}, doubling up to {@code maxRto}, and
 * given up after {@code attempts} sends (RFC 8489 §6.2.1's Rc).
 */
public record CheckSettings(Duration pacing, Duration rto, Duration maxRto, int attempts) {
    public CheckSettings {
        if (pacing.isNegative() || pacing.isZero() || rto.isNegative() || rto.isZero() || maxRto.compareTo(rto) < 0
                || attempts < 1) {
            throw new IllegalArgumentException("storage-session.ice.checks: pacing and rto must be positive, max-rto "
                    + "at least rto and attempts at least 1");
        }
    }
}
