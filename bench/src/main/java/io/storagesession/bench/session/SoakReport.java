package io.storagesession.bench.session;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a soak measured and how its targets came out: the table (baseline, one row per minute, after), the
 * participants that failed, and one verdict per target ({@link SoakJudge}).
 */
public final class SoakReport {
    private final SoakSettings settings;
    private final List<SoakMinute> table;
    private final List<String> failures;
    private final List<SoakJudge.Verdict> verdicts;

    SoakReport(SoakSettings settings, SoakMinute baseline, List<SoakMinute> minutes, SoakMinute after,
               List<String> failures) {
        this.settings = settings;
        this.table = new ArrayList<>();
        table.add(baseline);
        table.addAll(minutes);
        table.add(after);
        this.failures = List.copyOf(failures);
        this.verdicts = new SoakJudge(settings.flatPercent(), settings.maxLossPercent(),
                settings.warmup().toMillis() / 1000.0).judge(baseline, minutes, after, failures);
    }

    /** Whether every target was met. */
    public boolean passed() {
        return verdicts.stream().allMatch(SoakJudge.Verdict::passed);
    }

    /** The targets that were missed, each with its figures. */
    public List<String> failedTargets() {
        return verdicts.stream().filter(v -> !v.passed()).map(SoakJudge.Verdict::line).toList();
    }

    /** One line per target: PASS or FAIL, the target, the figures. */
    public String verdicts() {
        StringBuilder s = new StringBuilder();
        verdicts.forEach(v -> s.append(v.line()).append('\n'));
        return s.toString();
    }

    /** The table as TSV, header first. */
    public String tsv() {
        StringBuilder s = new StringBuilder(SoakMinute.TSV_HEADER).append('\n');
        table.forEach(row -> s.append(row.tsv()).append('\n'));
        return s.toString();
    }

    JsonObject toJson() {
        JsonArray rows = new JsonArray();
        table.forEach(row -> rows.add(row.toJson()));
        JsonArray judged = new JsonArray();
        verdicts.forEach(v -> judged.add(new JsonObject().put("target", v.target()).put("passed", v.passed())
                .put("detail", v.detail())));
        return new JsonObject().put("endpoint", settings.load().endpoint()).put("sessions", settings.sessions())
                .put("viewersPerSession", settings.load().viewers()).put("talkers", settings.load().talkers())
                .put("durationSeconds", settings.duration().toSeconds())
                .put("warmupSeconds", settings.warmup().toSeconds())
                .put("churnEverySeconds", settings.churnEvery().toMillis() / 1000.0)
                .put("restartEverySeconds", settings.restartEvery().toSeconds()).put("seed", settings.seed())
                .put("passed", passed()).put("verdicts", judged).put("failures", new JsonArray(failures))
                .put("table", rows);
    }
}
