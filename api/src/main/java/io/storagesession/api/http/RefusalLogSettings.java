package io.storagesession.api.http;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How refusals are logged ({@code signaling.refusal-log} in reference.conf, where each key is explained).
 *
 * @param repeatInterval how long a participant's refusal for one reason stays quiet after it was logged
 * @param maxRemembered  the most (channel, participant, reason) triples remembered; the least recent are forgotten
 */
public record RefusalLogSettings(Duration repeatInterval, int maxRemembered) {
    /** The configuration path of the block. */
    public static final String PATH = "signaling.refusal-log";

    public RefusalLogSettings {
        if (repeatInterval.isNegative()) {
            throw new IllegalArgumentException(PATH + ".repeat-interval must not be negative");
        }
        if (maxRemembered < 1) {
            throw new IllegalArgumentException(PATH + ".max-remembered must be at least 1");
        }
    }

    public static RefusalLogSettings from(Config config) {
        Config c = config.getConfig(PATH);
        return new RefusalLogSettings(c.getDuration("repeat-interval"), c.getInt("max-remembered"));
    }
}
