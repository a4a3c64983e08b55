package io.storagesession.mediastore.clip;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code media-store.clip} settings of GetClip; reference.conf documents each.
 *
 * @param maxFragments             a clip holds at most this many fragments (KVS: 200)
 * @param maxBytes                 and at most this many bytes of stored fragments (KVS: 100 MB)
 * @param callsPerSecondPerStream  GetClip calls a stream accepts per second (KVS: 1) before
 *                                 ClientLimitExceededException
 * @param rateLimiterSweepThreshold streams tracked by the call quota before idle ones are forgotten
 * @param initialBufferBytes       first size of each event loop's reusable fMP4 buffer
 * @param maxRetainedBufferBytes   a buffer grown beyond this for one fragment is dropped after it
 * @param fallbackVideoFrame       duration of a fragment's only video frame when nothing else says how long it lasts
 */
public record ClipSettings(int maxFragments, long maxBytes, double callsPerSecondPerStream,
                           int rateLimiterSweepThreshold, int initialBufferBytes, int maxRetainedBufferBytes,
                           Duration fallbackVideoFrame) {
    /** The config path of this block. */
    public static final String PATH = "media-store.clip";

    public ClipSettings {
        if (maxFragments < 1 || maxBytes < 1 || callsPerSecondPerStream <= 0 || rateLimiterSweepThreshold < 1
                || initialBufferBytes < 1 || maxRetainedBufferBytes < initialBufferBytes
                || fallbackVideoFrame.isNegative() || fallbackVideoFrame.isZero()) {
            throw new IllegalArgumentException(PATH + ": limits, rates and sizes must be positive, and "
                    + "max-retained-buffer-size at least initial-buffer-size");
        }
    }

    /** Reads {@code media-store.clip} from a resolved config that includes this module's reference.conf. */
    public static ClipSettings from(Config root) {
        Config c = root.getConfig(PATH);
        return new ClipSettings(c.getInt("max-fragments"), c.getBytes("max-size"),
                c.getDouble("calls-per-second-per-stream"), c.getInt("rate-limiter-sweep-threshold"),
                Math.toIntExact(c.getBytes("initial-buffer-size")),
                Math.toIntExact(c.getBytes("max-retained-buffer-size")),
                c.getDuration("fallback-video-frame-duration"));
    }
}
