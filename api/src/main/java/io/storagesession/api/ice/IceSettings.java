package io.storagesession.api.ice;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * GetIceServerConfig's settings ({@code signaling.ice} in reference.conf).
 *
 * @param credentialTtl           lifetime of issued TURN credentials (the seed's 5-minute lifecycle)
 * @param callsPerSecondPerChannel KVS's GetIceServerConfig quota
 */
public record IceSettings(Duration credentialTtl, double callsPerSecondPerChannel, int rateLimiterSweepThreshold) {
    /** The C SDK rejects any Ttl at or below 30 s (KVS-WIRE.md §1). */
    public static final Duration MIN_TTL = Duration.ofSeconds(31);

    public IceSettings {
        if (credentialTtl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("signaling.ice.credential-ttl must be at least " + MIN_TTL.toSeconds()
                    + " s: the KVS C SDK rejects shorter TTLs");
        }
    }

    public static IceSettings from(Config config) {
        Config c = config.getConfig("signaling.ice");
        return new IceSettings(c.getDuration("credential-ttl"), c.getDouble("calls-per-second-per-channel"),
                c.getInt("rate-limiter-sweep-threshold"));
    }

    /** The servers named in {@code signaling.ice.external-servers}, each {@code {uris = [...], secret = "..."}}. */
    public static List<IceServer> externalServers(Config config) {
        return config.getConfigList("signaling.ice.external-servers").stream()
                .map(c -> new IceServer(c.getStringList("uris"), c.getString("secret"))).toList();
    }
}
