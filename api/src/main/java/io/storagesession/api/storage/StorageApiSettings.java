package io.storagesession.api.storage;

import com.typesafe.config.Config;
import io.storagesession.api.http.RefusalLogSettings;

/**
 * Settings of the storage API ({@code signaling.storage-api} in reference.conf, where each key is explained).
 *
 * @param perChannel                each join API's quota per channel (KVS: 2 calls per second)
 * @param perAccount                each join API's quota per account (KVS: 50 calls per second)
 * @param rateLimiterSweepThreshold keys tracked by a quota before full buckets are swept from memory
 * @param refusalLog                how refused joins are logged
 */
public record StorageApiSettings(Quota perChannel, Quota perAccount, int rateLimiterSweepThreshold,
                                 RefusalLogSettings refusalLog) {
    public static StorageApiSettings from(Config config) {
        Config c = config.getConfig("signaling.storage-api.join-quota");
        return new StorageApiSettings(Quota.from(c.getConfig("per-channel")), Quota.from(c.getConfig("per-account")),
                config.getInt("signaling.storage-api.rate-limiter-sweep-threshold"), RefusalLogSettings.from(config));
    }

    /**
     * A token bucket's shape: refilled at {@code callsPerSecond}, holding at most {@code burst} calls.
     *
     * @param callsPerSecond the sustained rate a flood is held to
     * @param burst          the calls accepted at once; at least 1
     */
    public record Quota(double callsPerSecond, int burst) {
        public Quota {
            if (callsPerSecond <= 0) {
                throw new IllegalArgumentException("calls-per-second must be positive, not " + callsPerSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, not " + burst);
            }
        }

        static Quota from(Config c) {
            return new Quota(c.getDouble("calls-per-second"), c.getInt("burst"));
        }

        @Override
        public String toString() {
            return (callsPerSecond == Math.rint(callsPerSecond) ? Long.toString((long) callsPerSecond)
                    : Double.toString(callsPerSecond)) + " calls per second, " + burst + " at once";
        }
    }
}
