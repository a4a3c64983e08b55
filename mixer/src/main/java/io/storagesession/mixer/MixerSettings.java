package io.storagesession.mixer;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code mixer} section of reference.conf. */
public record MixerSettings(Duration keyframeRequestInterval, int maxPacketBytes) {
    public static MixerSettings from(Config config) {
        Config c = config.getConfig("mixer");
        return new MixerSettings(c.getDuration("video.keyframe-request-interval"), c.getInt("video.max-packet-bytes"));
    }
}
