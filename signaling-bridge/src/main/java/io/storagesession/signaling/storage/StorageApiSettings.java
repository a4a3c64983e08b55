package io.storagesession.signaling.storage;

import com.typesafe.config.Config;

/**
 * Settings of the storage API ({@code signaling.storage-api} in reference.conf).
 *
 * @param callsPerSecondPerChannel KVS's JoinStorageSession quota (2 per second per channel)
 */
public record StorageApiSettings(double callsPerSecondPerChannel, int rateLimiterSweepThreshold) {
    public static StorageApiSettings from(Config config) {
        Config c = config.getConfig("signaling.storage-api");
        return new StorageApiSettings(c.getDouble("calls-per-second-per-channel"), c.getInt("rate-limiter-sweep-threshold"));
    }
}
