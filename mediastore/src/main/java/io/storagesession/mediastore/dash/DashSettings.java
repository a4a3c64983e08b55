package io.storagesession.mediastore.dash;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code media-store.dash} settings; reference.conf documents each. Tokens, the public base URL, LIVE freshness,
 * CORS and the segment buffers are HLS's ({@code media-store.hls}): both protocols share them.
 *
 * @param minimumUpdatePeriod MPD@minimumUpdatePeriod of LIVE and LIVE_REPLAY manifests: how often players reload them
 */
public record DashSettings(Duration minimumUpdatePeriod) {

    public DashSettings {
        if (minimumUpdatePeriod == null || minimumUpdatePeriod.isNegative() || minimumUpdatePeriod.isZero()) {
            throw new IllegalArgumentException("media-store.dash.minimum-update-period must be positive");
        }
    }

    /** Reads {@code media-store.dash} from a config that includes this module's reference.conf. */
    public static DashSettings from(Config root) {
        Config c = root.getConfig("media-store.dash");
        return new DashSettings(c.getDuration("minimum-update-period"));
    }
}
