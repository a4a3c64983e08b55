package io.storagesession.recorder.putmedia;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnects: {@code initial × multiplier^(failures−1)}, capped, then jittered by ±{@code jitter}
 * (the "exponential backoff and jitter" practice AWS recommends for its SDKs' retries). Reset by the first PERSISTED
 * acknowledgement of a connection, so a long-lived upload that fails once comes back quickly. Confined to the
 * client's context.
 */
final class Backoff {
    private final BackoffSettings settings;
    private final DoubleSupplier random;
    private int failures;

    /** @param random uniform values in [0, 1) */
    Backoff(BackoffSettings settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /** The delay before the next attempt, counting one more consecutive failure. */
    Duration next() {
        double base = settings.initial().toNanos() * Math.pow(settings.multiplier(), failures);
        double capped = Math.min(base, settings.max().toNanos());
        failures++;
        double jittered = capped * (1 + settings.jitter() * (2 * random.getAsDouble() - 1));
        return Duration.ofNanos(Math.max(1, (long) jittered));
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
