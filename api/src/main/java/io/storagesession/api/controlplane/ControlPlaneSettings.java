package io.storagesession.api.controlplane;

import com.typesafe.config.Config;

/**
 * The control plane's configuration, read from {@code signaling.control-plane} (see {@code reference.conf}).
 *
 * @param defaultMaxResults page size of ListSignalingChannels and ListStreams when MaxResults is absent; at most
 *                          {@link Validation#MAX_LIST_RESULTS}, the largest MaxResults KVS accepts
 */
public record ControlPlaneSettings(int defaultMaxResults) {
    /** The config path of this block. */
    public static final String PATH = "signaling.control-plane";

    public ControlPlaneSettings {
        if (defaultMaxResults < 1 || defaultMaxResults > Validation.MAX_LIST_RESULTS) {
            throw new IllegalArgumentException(PATH + ".default-max-results must be within 1.." + Validation.MAX_LIST_RESULTS);
        }
    }

    /** Reads the {@code signaling.control-plane} block of a resolved configuration. */
    public static ControlPlaneSettings from(Config root) {
        return new ControlPlaneSettings(root.getConfig(PATH).getInt("default-max-results"));
    }
}
