package io.storagesession.turn;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Timing of the TURN client ({@link TurnClients}): how requests are retransmitted and how far ahead of their expiry
 * allocations, permissions and channel bindings are refreshed. {@link #RFC} holds the values the RFCs give; tests
 * shorten them.
 *
 * @param initialRto              first retransmission timeout of a request over UDP; it doubles after each
 *                                transmission (RFC 8489 §6.2.1, which recommends 500 ms when the round trip is
 *                                unknown, and allows less where it is known to be small)
 * @param maxTransmissions        transmissions of one request before it fails (RFC 8489 §6.2.1: Rc = 7)
 * @param lastWaitFactor          after the last transmission the client waits this many initial RTOs for an answer
 *                                (RFC 8489 §6.2.1: Rm = 16)
 * @param requestedLifetime       allocation lifetime asked for in Allocate and Refresh (RFC 8656 §7.2: the server
 *                                grants its default, 10 min, when asked for less)
 * @param refreshAhead            fraction of a granted allocation lifetime after which it is refreshed (RFC 8656 §8
 *                                leaves when to the client; refreshing at 3/4 leaves a quarter of the lifetime for
 *                                retransmissions and retries)
 * @param permissionRefresh       interval between CreatePermission refreshes of a permitted peer (RFC 8656 §9:
 *                                permissions last 300 s and the lifetime is not negotiable)
 * @param channelRefresh          interval between ChannelBind refreshes of a bound channel (RFC 8656 §12: bindings
 *                                last 10 min)
 * @param maxStaleNonceRetries    438 Stale Nonce answers one request may get before it fails (RFC 8489 §9.2.5 retries
 *                                with the new nonce; a server that keeps answering 438 is broken)
 */
public record TurnClientSettings(Duration initialRto, int maxTransmissions, int lastWaitFactor,
                                 Duration requestedLifetime, double refreshAhead, Duration permissionRefresh,
                                 Duration channelRefresh, int maxStaleNonceRetries) {

    /** RFC 8489 §6.2.1: the first RTO; 100 ms rather than 500 ms because TURN servers are near the media server. */
    public static final Duration INITIAL_RTO = Duration.ofMillis(100);
    /** RFC 8489 §6.2.1: Rc. */
    public static final int MAX_TRANSMISSIONS = 7;
    /** RFC 8489 §6.2.1: Rm. */
    public static final int LAST_WAIT_FACTOR = 16;
    /** RFC 8656 §7.2: the default allocation lifetime. */
    public static final Duration ALLOCATION_LIFETIME = Duration.ofMinutes(10);
    /** Refresh an allocation after three quarters of its lifetime (RFC 8656 §8). */
    public static final double REFRESH_AHEAD = 0.75;
    /** RFC 8656 §9: permissions last 300 s; refreshed a minute early. */
    public static final Duration PERMISSION_REFRESH = Duration.ofSeconds(240);
    /** RFC 8656 §12: channel bindings last 10 min; refreshed a minute early. */
    public static final Duration CHANNEL_REFRESH = Duration.ofSeconds(540);
    /** 438 answers tolerated per request. */
    public static final int MAX_STALE_NONCE_RETRIES = 3;

    /** The RFC values, as production uses them. */
    public static final TurnClientSettings RFC = new TurnClientSettings(INITIAL_RTO, MAX_TRANSMISSIONS,
            LAST_WAIT_FACTOR, ALLOCATION_LIFETIME, REFRESH_AHEAD, PERMISSION_REFRESH, CHANNEL_REFRESH,
            MAX_STALE_NONCE_RETRIES);

    public TurnClientSettings {
        if (initialRto.isNegative() || initialRto.isZero() || maxTransmissions < 1 || lastWaitFactor < 1) {
            throw new IllegalArgumentException("retransmission settings must be positive");
        }
        if (refreshAhead <= 0 || refreshAhead >= 1) {
            throw new IllegalArgumentException("refreshAhead is a fraction of the lifetime, not " + refreshAhead);
        }
        if (permissionRefresh.isNegative() || permissionRefresh.isZero() || channelRefresh.isNegative()
                || channelRefresh.isZero() || requestedLifetime.isNegative() || maxStaleNonceRetries < 0) {
            throw new IllegalArgumentException("refresh intervals and lifetimes must be positive");
        }
    }

    /** {@code turn.client} of reference.conf, where each value is documented. */
    public static TurnClientSettings from(Config root) {
        Config c = root.getConfig("turn.client");
        return new TurnClientSettings(c.getDuration("initial-rto"), c.getInt("max-transmissions"),
                c.getInt("last-wait-factor"), c.getDuration("requested-lifetime"), c.getDouble("refresh-ahead"),
                c.getDuration("permission-refresh"), c.getDuration("channel-refresh"),
                c.getInt("max-stale-nonce-retries"));
    }

    /**
     * The longest one request can stay unanswered before it fails: the RTO doubling over every transmission, plus
     * the last wait (with the RFC values 7.9 s).
     */
    public Duration transactionTimeout() {
        long rto = initialRto.toNanos();
        long total = 0;
        for (int i = 1; i < maxTransmissions; i++) {
            total += rto << (i - 1);
        }
        return Duration.ofNanos(total + rto * lastWaitFactor);
    }
}
