package io.storagesession.bench.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's flags, each with its default (see {@link SoakRun} for the list and what they mean). Flags the soak does
 * not know go to the load generator's {@link LoadSettings} (endpoint, credentials, viewers, media, NACK timing,
 * {@code --max-loss}, which is the soak's loss target, …), whose other defaults apply unchanged.
 *
 * @param load           the generator's settings: how a session and its participants are made and judged
 * @param warmup         the first part of the hold whose RSS and heap are not judged
 * @param primeHold      how long the sessions are held in each priming round before the baseline (zero: none)
 * @param primeRounds    the most priming rounds: they stop when one leaves the idle server as the one before
 * @param flatPercent    RSS and heap after GC must stay within this many percent of their post-warm-up median
 * @param minWindowPackets a viewer's loss is judged over windows of at least this many decided video packets
 * @param seed           the churn's random choices (0: from the clock, printed, so a run can be repeated)
 */
record SoakSettings(LoadSettings load, int sessions, Duration duration, Duration warmup, Duration sampleEvery,
                    Duration churnEvery, Duration restartEvery, Duration slotHold, Duration rejoinOverlap,
                    Duration primeHold, int primeRounds, Duration settle, double flatPercent,
                    long minWindowPackets, long seed, Path tsv, Path json) {

    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("sessions", "64"),
            Map.entry("duration", "1h"),
            Map.entry("warmup", "17%"),
            Map.entry("sample-every", "1m"),
            Map.entry("churn-every", "5s"),
            Map.entry("restart-every", "2m"),
            Map.entry("slot-hold", "65s"),
            Map.entry("rejoin-overlap", "3s"),
            Map.entry("prime-hold", "20s"),
            Map.entry("prime-rounds", "4"),
            Map.entry("settle", "4m"),
            Map.entry("flat", "10"),
            Map.entry("min-window-packets", "1000"),
            Map.entry("seed", "0"),
            Map.entry("tsv", "bench/target/soak.tsv"),
            Map.entry("json", "bench/target/soak.json"));

    /** Parses {@code --name value} pairs: the soak's over {@link #DEFAULTS}, the rest by {@link LoadSettings}. */
    static SoakSettings parse(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(DEFAULTS);
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (DEFAULTS.containsKey(name)) {
                o.put(name, args[i + 1]);
            } else {
                rest.add(args[i]);
                rest.add(args[i + 1]);
            }
        }
        Duration duration = LoadSettings.duration(o.get("duration"));
        long seed = Long.parseLong(o.get("seed"));
        int sessions = Integer.parseInt(o.get("sessions"));
        return new SoakSettings(LoadSettings.parse(rest.toArray(String[]::new)), sessions,
                duration, share(o.get("warmup"), duration), LoadSettings.duration(o.get("sample-every")),
                LoadSettings.duration(o.get("churn-every")), LoadSettings.duration(o.get("restart-every")),
                LoadSettings.duration(o.get("slot-hold")), LoadSettings.duration(o.get("rejoin-overlap")),
                LoadSettings.duration(o.get("prime-hold")), Integer.parseInt(o.get("prime-rounds")),
                LoadSettings.duration(o.get("settle")), Double.parseDouble(o.get("flat")),
                Long.parseLong(o.get("min-window-packets")), seed == 0 ? System.nanoTime() : seed,
                Path.of(o.get("tsv")), Path.of(o.get("json")));
    }

    /** A duration, or a percentage of {@code whole} ({@code 17%}). */
    static Duration share(String text, Duration whole) {
        String t = text.trim();
        if (t.endsWith("%")) {
            double percent = Double.parseDouble(t.substring(0, t.length() - 1));
            return Duration.ofMillis(Math.round(whole.toMillis() * percent / 100));
        }
        return LoadSettings.duration(t);
    }

    /** The loss target: a viewer's window above this percentage fails the soak (the generator's {@code --max-loss}). */
    double maxLossPercent() {
        return load.maxLossPercent();
    }
}
