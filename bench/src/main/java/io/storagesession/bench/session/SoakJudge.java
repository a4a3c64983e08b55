package io.storagesession.bench.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The soak's targets, judged from its table: RSS and heap after GC flat within ±{@code flatPercent} of their median
 * after the warm-up; threads and open files back to the idle server's baseline once everyone left and the server
 * settled; no session, participant, TURN allocation or unpersisted fragment left; no viewer window above
 * {@code maxLossPercent} loss; every participant that joined connected (a viewer that never received video has no
 * loss to judge, so it must not pass unseen).
 */
final class SoakJudge {
    /** Samples needed after the warm-up to call a series flat. */
    static final int MIN_FLAT_SAMPLES = 2;
    /** Failures named in a verdict's detail; the JSON has them all. */
    private static final int FAILURES_SHOWN = 5;

    private final double flatPercent;
    private final double maxLossPercent;
    private final double warmupSeconds;

    /** One target's outcome, with the figures that decided it. */
    record Verdict(String target, boolean passed, String detail) {
        String line() {
            return String.format(Locale.ROOT, "%-4s %-34s %s", passed ? "PASS" : "FAIL", target, detail);
        }
    }

    SoakJudge(double flatPercent, double maxLossPercent, double warmupSeconds) {
        this.flatPercent = flatPercent;
        this.maxLossPercent = maxLossPercent;
        this.warmupSeconds = warmupSeconds;
    }

    List<Verdict> judge(SoakMinute baseline, List<SoakMinute> minutes, SoakMinute after, List<String> failures) {
        List<SoakMinute> warm = minutes.stream().filter(m -> m.elapsedSeconds() >= warmupSeconds).toList();
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(flat("RSS flat after warm-up", "MiB", warm, m -> m.server().rssMib()));
        verdicts.add(flat("heap after GC flat after warm-up", "MiB", warm, m -> m.server().heapAfterGcMib()));
        ServerFigures base = baseline.server();
        ServerFigures end = after.server();
        verdicts.add(new Verdict("threads back to baseline", end.threads() <= base.threads(),
                String.format(Locale.ROOT, "baseline %d, after %d%s", base.threads(), end.threads(),
                        change(base.threadNames(), end.threadNames()))));
        verdicts.add(new Verdict("fds back to baseline", end.fds() <= base.fds(),
                String.format(Locale.ROOT, "baseline %d, after %d%s", base.fds(), end.fds(),
                        change(base.fileKinds(), end.fileKinds()))));
        verdicts.add(new Verdict("no leaked sessions or TURN allocations", end.nothingHeld(),
                String.format(Locale.ROOT, "after: sessions %.0f, participants %.0f, TURN allocations %.0f, "
                        + "unpersisted fragments %.0f", end.sessions(), end.participants(), end.turnAllocations(),
                        end.bufferedFragments())));
        verdicts.add(loss(minutes, after));
        verdicts.add(new Verdict("every participant connected", failures.isEmpty(), failures.isEmpty() ? "none failed"
                : failures.size() + " failed: " + String.join("; ", failures.subList(0,
                        Math.min(FAILURES_SHOWN, failures.size())))));
        return verdicts;
    }

    /** Within ±{@link #flatPercent} of the median of {@code rows}' values (negative ones are unknown, left out). */
    Verdict flat(String target, String unit, List<SoakMinute> rows, ToDoubleFunction<SoakMinute> figure) {
        double[] values = rows.stream().mapToDouble(figure).filter(v -> v >= 0).toArray();
        if (values.length < MIN_FLAT_SAMPLES) {
            return new Verdict(target, false, String.format(Locale.ROOT, "%d samples after the %.0f s warm-up, %d "
                    + "needed", values.length, warmupSeconds, MIN_FLAT_SAMPLES));
        }
        double median = median(values);
        double low = Arrays.stream(values).min().orElseThrow();
        double high = Arrays.stream(values).max().orElseThrow();
        double lowPercent = 100 * (low - median) / median;
        double highPercent = 100 * (high - median) / median;
        boolean passed = -lowPercent <= flatPercent && highPercent <= flatPercent;
        return new Verdict(target, passed, String.format(Locale.ROOT, "median %.1f %s of %d samples; lowest %.1f "
                + "(%+.1f %%), highest %.1f (%+.1f %%); limit ±%.1f %%", median, unit, values.length, low,
                lowPercent, high, highPercent, flatPercent));
    }

    private Verdict loss(List<SoakMinute> minutes, SoakMinute after) {
        List<SoakMinute> all = new ArrayList<>(minutes);
        all.add(after);
        SoakMinute worst = null;
        int judged = 0;
        for (SoakMinute m : all) {
            judged += m.loss().judged();
            if (m.loss().judged() > 0 && (worst == null || m.loss().worstPercent() > worst.loss().worstPercent())) {
                worst = m;
            }
        }
        if (worst == null) {
            return new Verdict("viewer loss ≤ target in every window", false, "no viewer window was large enough to "
                    + "judge: did the viewers receive video?");
        }
        return new Verdict("viewer loss ≤ target in every window", worst.loss().worstPercent() <= maxLossPercent,
                String.format(Locale.ROOT, "worst %.3f %% (%s, minute %s) of %d windows; limit %.2f %%",
                        worst.loss().worstPercent(), worst.loss().worstViewer(), worst.label(), judged,
                        maxLossPercent));
    }

    /** What changed between two counts by name, e.g. {@code " (+5 .seg, -1 socket)"}; empty when nothing did. */
    static String change(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((name, n) -> delta.merge(name, n, Long::sum));
        before.forEach((name, n) -> delta.merge(name, -n, Long::sum));
        String changes = delta.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> String.format(Locale.ROOT, "%+d %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
        return changes.isEmpty() ? "" : " (" + changes + ")";
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
