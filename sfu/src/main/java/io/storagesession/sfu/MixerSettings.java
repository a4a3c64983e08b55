package io.storagesession.sfu;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The {@code mixer} section of reference.conf. */
public record MixerSettings(VideoSettings video) {
    public static MixerSettings from(Config config) {
        return new MixerSettings(VideoSettings.from(config.getConfig("mixer.video")));
    }

    /** reference.conf as shipped, for tests and benchmarks. */
    public static MixerSettings defaults() {
        return from(ConfigFactory.defaultReference());
    }
}
