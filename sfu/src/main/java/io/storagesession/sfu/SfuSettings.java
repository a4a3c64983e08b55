package io.storagesession.sfu;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The SFU's settings: the {@code mixer.video} section of reference.conf, the path it had before the SFU became a module
 * of its own.
 */
public record SfuSettings(VideoSettings video) {
    public static SfuSettings from(Config config) {
        return new SfuSettings(VideoSettings.from(config.getConfig("mixer.video")));
    }

    /** reference.conf as shipped, for tests and benchmarks. */
    public static SfuSettings defaults() {
        return from(ConfigFactory.defaultReference());
    }
}
