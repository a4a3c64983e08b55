package io.storagesession.mixer;

import com.typesafe.config.Config;
import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusEncoder;
import java.time.Duration;

/** The {@code mixer.audio} section of reference.conf, where each setting is explained. */
public record AudioSettings(int maxParticipants, int maxPacketBytes, int jitterCapacity, int jitterInitialBytes,
                            int jitterMaxBytes, int jitterStartDepth, int jitterMaxDepth, int maxConcealFrames,
                            int silenceLevel, int hangoverFrames, double limiterKneeDbfs, OpusEncoder.Settings encoder,
                            Duration senderReportInterval) {
    /** Mixes are indexed by a bitmask of participant slots; beyond this the table of mixes grows too large. */
    private static final int MAX_SLOTS = 8;
    /** The payload ring is one array indexed by int, sized in powers of two. */
    private static final int MAX_JITTER_BYTES = 1 << 30;

    public AudioSettings {
        if (maxParticipants < 1 || maxParticipants > MAX_SLOTS) {
            throw new IllegalArgumentException("mixer.audio.max-participants must be 1–" + MAX_SLOTS + ", not "
                    + maxParticipants);
        }
        if (silenceLevel < 0 || silenceLevel > AudioLevel.SILENCE + 1) {
            throw new IllegalArgumentException("mixer.audio.activity.silence-level must be 0–128 (-dBov), not "
                    + silenceLevel);
        }
        if (jitterInitialBytes <= 0 || jitterInitialBytes > jitterMaxBytes || jitterMaxBytes < Opus.MAX_PACKET_BYTES
                || jitterMaxBytes > MAX_JITTER_BYTES) {
            throw new IllegalArgumentException("mixer.audio.jitter needs 0 < initial-bytes <= max-bytes and max-bytes "
                    + Opus.MAX_PACKET_BYTES + "-" + MAX_JITTER_BYTES + ", not " + jitterInitialBytes + ", "
                    + jitterMaxBytes);
        }
    }

    public static AudioSettings from(Config config) {
        Config c = config.getConfig("mixer.audio");
        Config encoder = c.getConfig("encoder");
        return new AudioSettings(c.getInt("max-participants"), c.getInt("max-packet-bytes"),
                c.getInt("jitter.capacity"), bytes(c, "jitter.initial-bytes"), bytes(c, "jitter.max-bytes"),
                c.getInt("jitter.start-depth"), c.getInt("jitter.max-depth"),
                c.getInt("jitter.max-conceal-frames"), c.getInt("activity.silence-level"),
                c.getInt("activity.hangover-frames"), c.getDouble("limiter.knee-dbfs"),
                new OpusEncoder.Settings(encoder.getInt("bitrate"), encoder.getInt("complexity"),
                        encoder.getBoolean("inband-fec"), encoder.getInt("expected-loss-percent"),
                        encoder.getString("application")), c.getDuration("sender-report-interval"));
    }

    /** A size in bytes ("2 KiB" or a number); one too large for an int stays too large, so the checks refuse it. */
    private static int bytes(Config c, String key) {
        return (int) Math.min(c.getBytes(key), Integer.MAX_VALUE);
    }
}
