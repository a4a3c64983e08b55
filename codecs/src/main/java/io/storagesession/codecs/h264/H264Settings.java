package io.storagesession.codecs.h264;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * The {@code codecs.h264} block of reference.conf (every key is documented there), checked when read so a bad value
 * fails at start and not on the media path.
 *
 * @param jitterWait how long a gap is waited for before it is declared lost
 * @param jitterCapacity packet slots of the reordering window, rounded up to a power of two
 * @param jitterInitialBytes the first size of the byte ring the held payloads are kept in
 * @param jitterMaxBytes the most that byte ring grows to
 * @param maxPacketBytes largest RTP packet taken in
 * @param maxDropout RFC 3550 A.1 MAX_DROPOUT: a larger forward jump needs the next packet to confirm it
 * @param maxAccessUnitBytes largest access unit (AVCC bytes) assembled
 * @param initialAccessUnitBytes the access unit buffer's first size (capped at {@code maxAccessUnitBytes})
 */
public record H264Settings(Duration jitterWait, int jitterCapacity, int jitterInitialBytes, int jitterMaxBytes,
                           int maxPacketBytes, int maxDropout, int maxAccessUnitBytes, int initialAccessUnitBytes) {
    /** RTP's fixed header (RFC 3550 §5.1): nothing smaller is a packet. */
    static final int RTP_HEADER_BYTES = 12;
    /** Half the 16-bit sequence space: beyond it "ahead" and "behind" cannot be told apart (RFC 3550 A.1). */
    static final int HALF_SEQUENCE_SPACE = 1 << 15;
    /** An AVCC NAL unit needs its 4-byte length and at least its 1-byte header. */
    private static final int MIN_ACCESS_UNIT_BYTES = Integer.BYTES + 1;
    /** Arrays are indexed by int; keep well below the JVM's array limit. */
    private static final int MAX_ACCESS_UNIT_BYTES = 1 << 30;
    /** The jitter buffer's byte ring is one array indexed by int, sized in powers of two. */
    private static final int MAX_JITTER_BYTES = 1 << 30;

    public H264Settings {
        check(jitterWait != null && !jitterWait.isNegative() && !jitterWait.isZero(), "jitter.wait must be positive");
        check(jitterCapacity > 0 && jitterCapacity <= HALF_SEQUENCE_SPACE,
                "jitter.capacity must be 1-" + HALF_SEQUENCE_SPACE);
        check(maxPacketBytes > RTP_HEADER_BYTES, "jitter.max-packet-bytes must exceed " + RTP_HEADER_BYTES);
        check(jitterInitialBytes > 0 && jitterInitialBytes <= jitterMaxBytes,
                "jitter.initial-bytes must be positive and at most jitter.max-bytes");
        check(jitterMaxBytes >= maxPacketBytes && jitterMaxBytes <= MAX_JITTER_BYTES,
                "jitter.max-bytes must be jitter.max-packet-bytes to " + MAX_JITTER_BYTES);
        check(maxDropout > 0 && maxDropout < HALF_SEQUENCE_SPACE, "jitter.max-dropout must be 1-32767");
        check(maxAccessUnitBytes >= MIN_ACCESS_UNIT_BYTES && maxAccessUnitBytes <= MAX_ACCESS_UNIT_BYTES,
                "max-access-unit-bytes must be " + MIN_ACCESS_UNIT_BYTES + "-" + MAX_ACCESS_UNIT_BYTES);
        check(initialAccessUnitBytes > 0 && initialAccessUnitBytes <= MAX_ACCESS_UNIT_BYTES,
                "initial-access-unit-bytes must be 1-" + MAX_ACCESS_UNIT_BYTES);
    }

    /** Reads the {@code codecs.h264} block of this configuration. */
    public static H264Settings from(Config config) {
        Config c = config.getConfig("codecs.h264");
        return new H264Settings(c.getDuration("jitter.wait"), c.getInt("jitter.capacity"),
                bytes(c, "jitter.initial-bytes"), bytes(c, "jitter.max-bytes"), c.getInt("jitter.max-packet-bytes"),
                c.getInt("jitter.max-dropout"), c.getInt("max-access-unit-bytes"),
                bytes(c, "initial-access-unit-bytes"));
    }

    /** The defaults of reference.conf. */
    public static H264Settings defaults() {
        return from(ConfigFactory.defaultReference());
    }

    /** The slot count actually allocated: the capacity rounded up to a power of two, so a mask indexes the ring. */
    int ringSize() {
        return jitterCapacity == 1 ? 1 : Integer.highestOneBit(jitterCapacity - 1) << 1;
    }

    /** A size in bytes ("32 KiB" or a number); one too large for an int stays too large, so the checks refuse it. */
    private static int bytes(Config c, String key) {
        return (int) Math.min(c.getBytes(key), Integer.MAX_VALUE);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("codecs.h264." + message);
        }
    }
}
