package io.storagesession.sfu;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code mixer.video} block of reference.conf (every key is documented there), checked when read so a bad value
 * fails at start and not on the media path.
 */
public record VideoSettings(Duration keyframeRequestInterval, int maxPacketBytes, int retransmissionMaxPackets,
                            int retransmissionInitialPackets, Duration retransmissionMaxAge,
                            Duration retransmissionMinInterval, int retransmissionHistoryInitialBytes,
                            int retransmissionHistoryMaxBytes, int nackMaxMissing, Duration nackRetryInterval,
                            int nackMaxRetries, int nackMaxDropout, int nackMaxMisorder,
                            Duration senderReportInterval, long maxBitrate, Duration rembInterval) {
    /** RTP's fixed header (RFC 3550 §5.1): nothing smaller is a packet. */
    private static final int MIN_PACKET_BYTES = 12;
    /** Half the 16-bit sequence space: beyond it "ahead" and "behind" cannot be told apart (RFC 3550 A.1). */
    private static final int HALF_SEQUENCE_SPACE = 1 << 15;
    /** One 32-bit word of REMB mantissa and exponent holds at most 2^18-1 · 2^63; keep to sane link speeds. */
    private static final long MAX_BITRATE = 10_000_000_000L;
    /** The history's byte ring is one array indexed by int, sized in powers of two. */
    private static final int MAX_HISTORY_BYTES = 1 << 30;

    public VideoSettings {
        positive(keyframeRequestInterval, "keyframe-request-interval");
        positive(retransmissionMaxAge, "retransmission.max-age");
        positive(retransmissionMinInterval, "retransmission.min-interval");
        positive(nackRetryInterval, "nack.retry-interval");
        positive(senderReportInterval, "sender-report-interval");
        positive(rembInterval, "remb-interval");
        check(maxPacketBytes >= MIN_PACKET_BYTES, "max-packet-bytes must be at least " + MIN_PACKET_BYTES);
        check(retransmissionMaxPackets > 0 && retransmissionMaxPackets <= HALF_SEQUENCE_SPACE,
                "retransmission.max-packets must be 1-" + HALF_SEQUENCE_SPACE);
        check(retransmissionInitialPackets > 0 && retransmissionInitialPackets <= retransmissionMaxPackets,
                "retransmission.initial-packets must be 1 to max-packets");
        check(retransmissionHistoryInitialBytes > 0
                        && retransmissionHistoryInitialBytes <= retransmissionHistoryMaxBytes,
                "retransmission.history-initial-bytes must be positive and at most history-max-bytes");
        check(retransmissionHistoryMaxBytes >= maxPacketBytes && retransmissionHistoryMaxBytes <= MAX_HISTORY_BYTES,
                "retransmission.history-max-bytes must be max-packet-bytes to " + MAX_HISTORY_BYTES);
        check(nackMaxMissing > 0 && nackMaxMissing < HALF_SEQUENCE_SPACE, "nack.max-missing must be 1-32767");
        check(nackMaxRetries > 0, "nack.max-retries must be positive");
        check(nackMaxDropout > nackMaxMissing && nackMaxDropout < HALF_SEQUENCE_SPACE,
                "nack.max-dropout must exceed nack.max-missing and stay under 32768");
        check(nackMaxMisorder > 0 && nackMaxMisorder < HALF_SEQUENCE_SPACE, "nack.max-misorder must be 1-32767");
        check(maxBitrate > 0 && maxBitrate <= MAX_BITRATE, "max-bitrate must be 1-" + MAX_BITRATE + " bits/s");
    }

    static VideoSettings from(Config c) {
        return new VideoSettings(c.getDuration("keyframe-request-interval"), c.getInt("max-packet-bytes"),
                c.getInt("retransmission.max-packets"), c.getInt("retransmission.initial-packets"),
                c.getDuration("retransmission.max-age"),
                c.getDuration("retransmission.min-interval"), bytes(c, "retransmission.history-initial-bytes"),
                bytes(c, "retransmission.history-max-bytes"), c.getInt("nack.max-missing"),
                c.getDuration("nack.retry-interval"), c.getInt("nack.max-retries"), c.getInt("nack.max-dropout"),
                c.getInt("nack.max-misorder"), c.getDuration("sender-report-interval"), c.getLong("max-bitrate"),
                c.getDuration("remb-interval"));
    }

    /** A size in bytes ("128 KiB" or a number); one too large for an int stays too large, so the checks refuse it. */
    private static int bytes(Config c, String key) {
        return (int) Math.min(c.getBytes(key), Integer.MAX_VALUE);
    }

    private static void positive(Duration d, String key) {
        check(d != null && !d.isNegative() && !d.isZero(), "mixer.video." + key + " must be positive");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message.startsWith("mixer.") ? message : "mixer.video." + message);
        }
    }
}
