package io.storagesession.console;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code console} settings of {@code reference.conf}. */
public record ConsoleSettings(boolean enabled, Duration sessionTtl, int maxSessions, double signInRate,
                              double signInBurst, int signInAddresses, long maxBodyBytes, Duration signalingUrlExpiry,
                              Duration historyInterval, Duration historyDuration) {
    public static final String PATH = "console";

    public static ConsoleSettings from(Config root) {
        Config c = root.getConfig(PATH);
        ConsoleSettings settings = new ConsoleSettings(c.getBoolean("enabled"), c.getDuration("session-ttl"),
                c.getInt("max-sessions"), c.getDouble("sign-in-rate"), c.getDouble("sign-in-burst"),
                c.getInt("sign-in-addresses"), c.getBytes("max-body-bytes"), c.getDuration("signaling-url-expiry"),
                c.getDuration("history.interval"), c.getDuration("history.duration"));
        if (settings.maxSessions < 1 || settings.sessionTtl.isNegative() || settings.sessionTtl.isZero()) {
            throw new IllegalArgumentException("console.max-sessions and console.session-ttl must be positive");
        }
        if (settings.historyInterval.isZero() || settings.historyDuration.compareTo(settings.historyInterval) < 0) {
            throw new IllegalArgumentException("console.history.duration must hold at least one interval");
        }
        return settings;
    }

    /** How many samples the server charts keep. */
    public int historySamples() {
        return (int) (historyDuration.toMillis() / historyInterval.toMillis());
    }
}
