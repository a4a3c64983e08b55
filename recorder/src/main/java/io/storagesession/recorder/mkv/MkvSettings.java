package io.storagesession.recorder.mkv;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The {@code recorder.mkv} section of reference.conf: what the MKV writers put in the stream besides media. */
public record MkvSettings(String muxingApp, String writingApp, int initialBufferBytes) {
    public static MkvSettings from(Config config) {
        return new MkvSettings(config.getString("muxing-app"), config.getString("writing-app"),
                (int) config.getBytes("initial-buffer-size").longValue());
    }

    /** reference.conf as shipped, for tests. */
    public static MkvSettings defaults() {
        return from(ConfigFactory.defaultReference().getConfig("recorder.mkv"));
    }
}
