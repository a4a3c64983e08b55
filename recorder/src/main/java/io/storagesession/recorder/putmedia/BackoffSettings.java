package io.storagesession.recorder.putmedia;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How reconnects after a failed PutMedia connection are spaced: exponential, capped, jittered so that many recorders
 * failing together (one data endpoint restarting) do not come back in step.
 *
 * @param initial    delay before the first reconnect
 * @param multiplier factor each further consecutive failure multiplies the delay by
 * @param max        cap of the delay
 * @param jitter     share of the delay drawn at random, 0 (none) to 1 (anything from 0 to twice the delay)
 */
public record BackoffSettings(Duration initial, double multiplier, Duration max, double jitter) {
    public BackoffSettings {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max, got " + initial + " and " + max);
        }
        if (multiplier < 1 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff: need multiplier >= 1 and 0 <= jitter <= 1");
        }
    }

    static BackoffSettings from(Config c) {
        return new BackoffSettings(c.getDuration("initial"), c.getDouble("multiplier"), c.getDuration("max"),
                c.getDouble("jitter"));
    }
}
