package io.storagesession.mediastore;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.mediastore.mkv.MkvStreamParser;
import java.time.Duration;

/**
 * The {@code media-store} block of reference.conf, read once at start; every field is documented there.
 */
public record MediaStoreSettings(String directory, Limits limits, PutMedia putMedia, Store store, Read read) {
    /** The config path of this block. */
    public static final String PATH = "media-store";

    /** What a producer may send (KVS-WIRE.md §4, §5), and how fast per stream. */
    public record Limits(long maxFragmentBytes, Duration maxFragmentDuration, int maxTracks, int maxTagsPerFragment,
                         int maxHeaderElementBytes, long maxSkippedElementBytes, int maxFragmentsPerSecond,
                         long maxBytesPerSecond) {
    }

    /** The PutMedia connection's timers, back-pressure and buffers. */
    public record PutMedia(Duration idleAckInterval, Duration idleTimeout, long maxUnpersistedBytes,
                           MkvStreamParser.Buffer elementBuffer, int initialFragmentBufferBytes,
                           int maxRetainedFragmentBufferBytes, int fragmentBufferSlots) {
    }

    /** Segment files, I/O threads, retention, and the free space below which {@code /health} is DEGRADED. */
    public record Store(int ioThreads, long segmentMaxBytes, Duration segmentMaxAge, Duration retentionCheckInterval,
                        Duration zeroRetentionWindow, long minFreeBytes, Duration freeSpaceCheckInterval) {
    }

    /** The read APIs. */
    public record Read(int defaultMaxResults, Duration getMediaIdleTimeout) {
    }

    public MediaStoreSettings {
        if (putMedia.maxUnpersistedBytes() < limits.maxFragmentBytes()) {
            throw new IllegalArgumentException(PATH + ".put-media.max-unpersisted-bytes must be at least "
                    + "limits.max-fragment-size");
        }
        if (store.ioThreads() < 1 || limits.maxTracks() < 1 || read.defaultMaxResults() < 1) {
            throw new IllegalArgumentException(PATH + ": io-threads, max-tracks and default-max-results must be >= 1");
        }
        if (limits.maxFragmentsPerSecond() < 1 || limits.maxBytesPerSecond() < 1) {
            throw new IllegalArgumentException(PATH + ".limits: max-fragment-rate and max-data-rate must be >= 1");
        }
        if (limits.maxHeaderElementBytes() < 1 || limits.maxFragmentBytes() > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException(PATH + ".limits: element and fragment sizes must fit a Java array");
        }
    }

    public static MediaStoreSettings from(Config root) {
        Config c = root.getConfig(PATH);
        Config l = c.getConfig("limits");
        Config p = c.getConfig("put-media");
        Config s = c.getConfig("store");
        Config r = c.getConfig("read");
        return new MediaStoreSettings(c.getString("directory"),
                new Limits(l.getBytes("max-fragment-size"), l.getDuration("max-fragment-duration"),
                        l.getInt("max-tracks"), l.getInt("max-tags-per-fragment"),
                        Math.toIntExact(l.getBytes("max-header-element-size")), l.getBytes("max-skipped-element-size"),
                        l.getInt("max-fragment-rate"), l.getBytes("max-data-rate")),
                new PutMedia(p.getDuration("idle-ack-interval"), p.getDuration("idle-timeout"),
                        p.getBytes("max-unpersisted-bytes"), new MkvStreamParser.Buffer(
                                Math.toIntExact(p.getBytes("element-buffer.initial-size")),
                                Math.toIntExact(p.getBytes("element-buffer.max-retained-size"))),
                        Math.toIntExact(p.getBytes("fragment-buffers.initial-size")),
                        Math.toIntExact(p.getBytes("fragment-buffers.max-retained-size")),
                        p.getInt("fragment-buffers.slots")),
                new Store(s.getInt("io-threads"), s.getBytes("segment-max-size"), s.getDuration("segment-max-age"),
                        s.getDuration("retention-check-interval"), s.getDuration("zero-retention-window"),
                        s.getBytes("min-free-space"), s.getDuration("free-space-check-interval")),
                new Read(r.getInt("default-max-results"), r.getDuration("get-media-idle-timeout")));
    }

    /** reference.conf as shipped, for tests. */
    public static MediaStoreSettings defaults() {
        return from(ConfigFactory.defaultReference());
    }
}
