package io.storagesession.bench.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's flags, each with its default (see {@link SessionLoadGenerator} for the list and what they mean).
 * Durations are written {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT1H}), or a bare number
 * of seconds.
 */
record LoadSettings(String endpoint, String accessKeyId, String secretAccessKey, String region, List<Integer> steps,
                    Duration warmup, Duration hold, int viewers, int talkers, long serverPid, Path json,
                    Path mediaCache, int width, int height, int fps, int bitrate, int clipSeconds, int maxRtpPayload,
                    double maxLossPercent, double maxLatePercent, long maxFreezes, int handshakeThreads,
                    Duration lossTimeout, Duration nackDelay, Duration nackRetry, double lateMillis,
                    double freezeFrames, Duration sessionSpacing, Duration connectTimeout, boolean heap) {

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("endpoint", "http://127.0.0.1:8080"),
            Map.entry("credentials", "data/credentials"),
            Map.entry("region", "us-west-2"),
            Map.entry("steps", "1,5,10,20,40"),
            Map.entry("warmup", "10s"),
            Map.entry("hold", "30s"),
            Map.entry("viewers", "3"),
            Map.entry("talkers", "1"),
            Map.entry("server-pid", "0"),
            Map.entry("json", "bench/target/session-load.json"),
            Map.entry("media-cache", "bench/target/load-media"),
            Map.entry("width", "640"),
            Map.entry("height", "360"),
            Map.entry("fps", "30"),
            Map.entry("bitrate", "1000000"),
            Map.entry("clip-seconds", "20"),
            Map.entry("max-rtp-payload", "1188"),
            Map.entry("max-loss", "0.5"),
            Map.entry("max-late", "0.5"),
            Map.entry("max-freezes", "0"),
            Map.entry("handshake-threads", "4"),
            Map.entry("loss-timeout", "1s"),
            Map.entry("nack-delay", "10ms"),
            Map.entry("nack-retry", "100ms"),
            Map.entry("late", "150"),
            Map.entry("freeze-frames", "3"),
            Map.entry("session-spacing", "250ms"),
            Map.entry("connect-timeout", "30s"),
            Map.entry("heap", "true"));

    /** Parses {@code --name value} pairs over {@link #DEFAULTS}; credentials come from the shared-credentials file. */
    static LoadSettings parse(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!DEFAULTS.containsKey(name) && !name.equals("access-key-id") && !name.equals("secret-access-key")) {
                throw new IllegalArgumentException("unknown flag --" + name + "; flags: " + DEFAULTS.keySet());
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            o.put(name, args[i + 1]);
        }
        String[] keys = o.containsKey("access-key-id")
                ? new String[] {o.get("access-key-id"), o.get("secret-access-key")}
                : readCredentials(Path.of(o.get("credentials")));
        return new LoadSettings(o.get("endpoint"), keys[0], keys[1], o.get("region"),
                Arrays.stream(o.get("steps").split(",")).map(String::trim).map(Integer::parseInt).toList(),
                duration(o.get("warmup")), duration(o.get("hold")), Integer.parseInt(o.get("viewers")),
                Integer.parseInt(o.get("talkers")), Long.parseLong(o.get("server-pid")), Path.of(o.get("json")),
                Path.of(o.get("media-cache")), Integer.parseInt(o.get("width")), Integer.parseInt(o.get("height")),
                Integer.parseInt(o.get("fps")), Integer.parseInt(o.get("bitrate")),
                Integer.parseInt(o.get("clip-seconds")), Integer.parseInt(o.get("max-rtp-payload")),
                Double.parseDouble(o.get("max-loss")), Double.parseDouble(o.get("max-late")),
                Long.parseLong(o.get("max-freezes")), Integer.parseInt(o.get("handshake-threads")),
                duration(o.get("loss-timeout")), duration(o.get("nack-delay")), duration(o.get("nack-retry")),
                Double.parseDouble(o.get("late")), Double.parseDouble(o.get("freeze-frames")),
                duration(o.get("session-spacing")), duration(o.get("connect-timeout")),
                Boolean.parseBoolean(o.get("heap")));
    }

    static Duration duration(String text) {
        String t = text.trim();
        if (t.startsWith("P")) {
            return Duration.parse(t);
        }
        if (t.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }

    /** aws_access_key_id and aws_secret_access_key from an AWS shared-credentials file (the server's data/credentials). */
    static String[] readCredentials(Path file) throws Exception {
        String id = null;
        String secret = null;
        for (String line : Files.readAllLines(file)) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[0].trim().equals("aws_access_key_id")) {
                id = kv[1].trim();
            } else if (kv.length == 2 && kv[0].trim().equals("aws_secret_access_key")) {
                secret = kv[1].trim();
            }
        }
        if (id == null || secret == null) {
            throw new IllegalArgumentException(file + " has no aws_access_key_id / aws_secret_access_key");
        }
        return new String[] {id, secret};
    }

    long frameNanos() {
        return 1_000_000_000L / fps;
    }

    LoadSettings withAccessKey(String id, String secret) {
        return new LoadSettings(endpoint, id, secret, region, steps, warmup, hold, viewers, talkers, serverPid, json,
                mediaCache, width, height, fps, bitrate, clipSeconds, maxRtpPayload, maxLossPercent, maxLatePercent,
                maxFreezes, handshakeThreads, lossTimeout, nackDelay, nackRetry, lateMillis, freezeFrames,
                sessionSpacing, connectTimeout, heap);
    }
}
