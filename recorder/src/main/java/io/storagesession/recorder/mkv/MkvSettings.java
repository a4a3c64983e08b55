package io.storagesession.recorder.mkv;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The {@code recorder.mkv} section of reference.conf: what the MKV writers put in the stream besides media, and the
 * first size of their buffers.
 */
public record MkvSettings(String muxingApp, String writingApp, int initialBufferBytes) {
    public MkvSettings {
        if (initialBufferBytes <= 0) {
            throw new IllegalArgumentException("recorder.mkv: initial-buffer-size must be positive");
        }
    }

    public static MkvSettings from(Config config) {
        return new MkvSettings(config.getString("muxing-app"), config.getString("writing-app"),
                Math.toIntExact(config.getBytes("initial-buffer-size")));
    }

    /** reference.conf as shipped, for tests. */
    public static MkvSettings defaults() {
        return from(ConfigFactory.defaultReference().getConfig("recorder.mkv"));
    }
}
