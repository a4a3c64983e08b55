package io.storagesession.mediastore.hls;

import com.typesafe.config.Config;
import io.storagesession.mediastore.TokenSeal;
import java.time.Duration;
import java.util.Base64;

/**
 * The {@code media-store.hls} settings; reference.conf documents each. An empty token key means a random one.
 */
public record HlsSettings(byte[] tokenKey, String publicBaseUrl, Duration liveFreshness,
                          Duration discontinuityTolerance, Duration fallbackVideoFrameDuration,
                          int initialSegmentBufferBytes, int maxRetainedSegmentBufferBytes, Duration fragmentMaxAge,
                          String corsAllowedOrigin, Duration corsMaxAge, Duration liveCacheIdle) {

    public HlsSettings {
        tokenKey = tokenKey == null || tokenKey.length == 0 ? TokenSeal.randomKey() : tokenKey.clone();
        if (tokenKey.length < TokenSeal.KEY_BYTES) {
            throw new IllegalArgumentException("media-store.hls.token-key must decode to at least "
                    + TokenSeal.KEY_BYTES + " bytes");
        }
        publicBaseUrl = publicBaseUrl == null ? "" : stripTrailingSlash(publicBaseUrl);
    }

    /** Reads {@code media-store.hls} from a config that includes this module's reference.conf. */
    public static HlsSettings from(Config root) {
        Config c = root.getConfig("media-store.hls");
        String key = c.getString("token-key");
        return new HlsSettings(key.isEmpty() ? null : Base64.getDecoder().decode(key), c.getString("public-base-url"),
                c.getDuration("live-freshness"), c.getDuration("discontinuity-tolerance"),
                c.getDuration("fallback-video-frame-duration"),
                Math.toIntExact(c.getBytes("initial-segment-buffer-size")),
                Math.toIntExact(c.getBytes("max-retained-segment-buffer-size")), c.getDuration("fragment-max-age"),
                c.getString("cors-allowed-origin"), c.getDuration("cors-max-age"), c.getDuration("live-cache-idle"));
    }

    @Override
    public byte[] tokenKey() {
        return tokenKey.clone();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
