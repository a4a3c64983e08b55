package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.SimulatedPeer;
import io.storagesession.bench.session.probe.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak: {@code --sessions} complete storage sessions (the {@link SessionLoadGenerator}'s: a master sending 1 Mbps
 * H.264 and Opus, {@code --viewers} viewers) held for {@code --duration} under churn ({@link Churn}: every
 * {@code --churn-every} a viewer leaves and a new one takes its place, the talker switches, or a viewer joins again
 * with its clientId while its old connection is up; every {@code --restart-every} a session's master and viewers
 * leave, the session ends and starts again). Every {@code --sample-every} it samples the server — RSS, heap after a
 * full GC, threads, open files, and from {@code /metrics} its sessions, participants, TURN allocations and
 * fragments waiting for PutMedia ({@link ServerFigures}) — and each viewer's loss ({@link ViewerLoss}), one row of
 * the TSV each. At the end everyone leaves, the server settles, and the targets are judged ({@link SoakJudge}): RSS
 * and heap flat after the warm-up, threads and open files back to the baseline, nothing left, no viewer window above
 * {@code --max-loss}, every participant connected. It prints a verdict per target and exits 1 if one failed.
 *
 * <p>The baseline is the idle server after the same sessions were held and left in priming rounds until a round
 * changed nothing: pools that start their threads on first use and keep them (Vert.x event loops, session workers,
 * store I/O) and the segment file the store keeps open per recorded stream are then part of it, so what the soak
 * compares against it is what its hour of churn left behind, not what the first load started.
 *
 * <pre>java -cp bench/target/bench.jar io.storagesession.bench.session.SoakRun \
 *     --endpoint http://127.0.0.1:8080 --credentials data/credentials --sessions 64 --duration 1h</pre>
 *
 * Flags (defaults in {@link SoakSettings#DEFAULTS}; every {@link SessionLoadGenerator} flag but {@code --steps},
 * {@code --warmup}, {@code --hold} and {@code --json} applies too, e.g. {@code --viewers 3}, {@code --talkers 1},
 * {@code --server-pid}, {@code --media-cache}):
 * <ul>
 *   <li>{@code --sessions 64}: 80 % of the 80 sessions this 2-core machine held cleanly (docs/architecture.md
 *       "Capacity"); {@code --duration 1h} of hold once all joined</li>
 *   <li>{@code --warmup 17%} (or a duration, e.g. {@code 10m}): the start of the hold whose RSS and heap are not
 *       judged; {@code --flat 10}: ± percent of their median the rest must stay within</li>
 *   <li>{@code --sample-every 1m}; {@code --min-window-packets 1000}: a viewer's loss is judged over windows of at
 *       least this many decided video packets (about 10 s at 1 Mbps); {@code --max-loss 0.5} (percent) per window</li>
 *   <li>{@code --churn-every 5s}: one churn event each; {@code --restart-every 2m}: a session restarts;
 *       {@code --slot-hold 65s}: the server's {@code storage-session.viewer-slot-hold} (1 m) and a housekeeping tick,
 *       after which a departed viewer's slot takes a new clientId and an emptied session has ended;
 *       {@code --rejoin-overlap 3s}: how long a re-joined viewer's old connection stays</li>
 *   <li>{@code --prime-hold 20s}: how long the sessions are held in a priming round (0: no priming, the baseline is
 *       the server as found); {@code --prime-rounds 4}: at most this many rounds (at least 2: one to compare);
 *       {@code --settle 4m}: the longest wait, after everyone left, for the server to let go of everything</li>
 *   <li>{@code --seed 0}: the churn's random choices (0: from the clock; printed); {@code --tsv bench/target/soak.tsv},
 *       {@code --json bench/target/soak.json}: the table (written as it grows) and the whole report</li>
 * </ul>
 */
public final class SoakRun {
    /** How often the control thread wakes for due churn, joins again where offers are missing, and samples. */
    private static final long TICK_MILLIS = 200;
    /** How often the settling server is looked at (without a GC). */
    private static final long SETTLE_POLL_MILLIS = 5_000;
    /** Looks in a row without a change of threads or open files that make an idle server (before the baseline). */
    private static final int STABLE_POLLS = 3;

    private final SoakSettings settings;
    private final ServerProcess server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private SoakRun(SoakSettings settings, ServerProcess server) {
        this.settings = settings;
        this.server = server;
        this.metrics = URI.create(settings.load().endpoint() + "/metrics");
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args).passed() ? 0 : 1);
    }

    /** Runs the soak with {@code args}' flags, writes the TSV and JSON, prints the verdicts, and returns the report. */
    public static SoakReport run(String[] args) throws Exception {
        SoakSettings settings = SoakSettings.parse(args);
        ServerProcess server = LoadRig.server(settings.load());
        System.out.printf("soak: server pid %d, %d sessions for %s (warm-up %s), churn seed %d%n", server.pid(),
                settings.sessions(), settings.duration(), settings.warmup(), settings.seed());
        SoakReport report = new SoakRun(settings, server).soak();
        Files.writeString(settings.tsv(), report.tsv());
        Files.createDirectories(settings.json().toAbsolutePath().getParent());
        Files.writeString(settings.json(), report.toJson().encodePrettily());
        System.out.print(report.verdicts());
        System.out.println("soak: " + (report.passed() ? "PASSED" : "FAILED") + "; table " + settings.tsv()
                .toAbsolutePath() + ", report " + settings.json().toAbsolutePath());
        return report;
    }

    private SoakReport soak() throws Exception {
        Files.createDirectories(settings.tsv().toAbsolutePath().getParent());
        Files.writeString(settings.tsv(), SoakMinute.TSV_HEADER + "\n");
        System.out.println(SoakMinute.TSV_HEADER);
        try (LoadRig rig = new LoadRig(settings.load())) {
            ViewerLoss loss = new ViewerLoss(settings.minWindowPackets());
            Churn churn = new Churn(settings, rig.loop, loss);
            List<LoadSession> sessions = new ArrayList<>();
            try {
                SoakMinute baseline = begin(rig, sessions);
                for (LoadSession session : sessions) {
                    churn.opened(session);
                }
                SessionLoadGenerator.awaitConnected(sessions, settings.load().connectTimeout());
                long start = System.nanoTime();
                List<SoakMinute> minutes = hold(rig, churn, loss, start);
                SessionLoadGenerator.awaitConnected(sessions, settings.load().connectTimeout());
                ChurnCounts before = churn.counts();
                churn.end();
                ViewerLoss.Minute last = rig.loop.call(loss::minute);
                List<String> failures = new ArrayList<>(churn.failures());
                failures.addAll(churn.problems());
                ServerFigures settled = settle(baseline.server());
                SoakMinute after = row(SoakMinute.AFTER, seconds(start), churn, last, churn.counts().minus(before),
                        settled);
                return new SoakReport(settings, baseline, minutes, after, failures);
            } finally {
                churn.end();
                for (LoadSession session : sessions) {
                    session.close();
                }
            }
        }
    }

    /**
     * Opens the sessions (channels, streams, participants) and returns the baseline. With priming, rounds of the same
     * sessions are held for {@code --prime-hold}, everyone leaves and the server settles (its figures read after a full
     * GC, as every sample is), until a round leaves the idle server's threads and open files as the round before did
     * (at most {@code --prime-rounds}); that is the baseline, and the sessions join the same channels again. Pools that
     * start their threads on first use are then in it — Vert.x event loops among them, started one by one as per-thread
     * contexts, held weakly, are made again after a GC — and so is the segment file the store keeps open for each
     * stream that recorded (one per stream, not per session).
     */
    private SoakMinute begin(LoadRig rig, List<LoadSession> sessions) throws Exception {
        if (settings.primeHold().isZero()) {
            SoakMinute baseline = baseline(ServerFigures.sample(server, http, metrics, true));
            open(rig, sessions);
            return baseline;
        }
        open(rig, sessions);
        ServerFigures idle = null;
        for (int round = 1; ; round++) {
            SessionLoadGenerator.awaitConnected(sessions, settings.load().connectTimeout());
            Thread.sleep(settings.primeHold().toMillis());
            for (LoadSession session : sessions) {
                session.leaveAll();
            }
            ServerFigures settled = settle(null);
            System.out.printf("priming round %d: idle server with %d threads, %d open files%n", round,
                    settled.threads(), settled.fds());
            boolean same = idle != null && settled.threads() == idle.threads() && settled.fds() == idle.fds();
            idle = settled;
            for (LoadSession session : sessions) {
                rig.participate(session);
                Thread.sleep(settings.load().sessionSpacing().toMillis());
            }
            if (same || round >= settings.primeRounds()) {
                return baseline(idle);
            }
        }
    }

    private void open(LoadRig rig, List<LoadSession> sessions) throws Exception {
        for (int i = 0; i < settings.sessions(); i++) {
            LoadSession session = new LoadSession("soak-" + run + "-" + i, rig.loop);
            sessions.add(session);
            rig.open(session);
            Thread.sleep(settings.load().sessionSpacing().toMillis());
        }
    }

    private SoakMinute baseline(ServerFigures idle) throws Exception {
        return row(SoakMinute.BASELINE, 0, null, ViewerLoss.Minute.EMPTY, ChurnCounts.ZERO, idle);
    }

    /** The hold: churn on its clock, a row at every sample time, until the duration is over. */
    private List<SoakMinute> hold(LoadRig rig, Churn churn, ViewerLoss loss, long start) throws Exception {
        long every = settings.sampleEvery().toNanos();
        long duration = settings.duration().toNanos();
        int samples = (int) Math.max(1, (duration + every - 1) / every);
        long nextChurn = start + settings.churnEvery().toNanos();
        long nextRestart = start + settings.restartEvery().toNanos();
        List<SoakMinute> minutes = new ArrayList<>();
        ChurnCounts counted = churn.counts();
        while (minutes.size() < samples) {
            long now = System.nanoTime();
            if (now - (start + Math.min(duration, every * (minutes.size() + 1))) >= 0) {
                ViewerLoss.Minute windows = rig.loop.call(loss::minute);
                ChurnCounts counts = churn.counts();
                minutes.add(row(Integer.toString(minutes.size() + 1), seconds(start), churn, windows,
                        counts.minus(counted), ServerFigures.sample(server, http, metrics, true)));
                counted = counts;
            } else if (now - nextChurn >= 0) {
                churn.next();
                nextChurn = System.nanoTime() + settings.churnEvery().toNanos();
            } else if (now - nextRestart >= 0) {
                churn.restart();
                nextRestart = System.nanoTime() + settings.restartEvery().toNanos();
            } else {
                churn.tick();
                Thread.sleep(TICK_MILLIS);
            }
        }
        return minutes;
    }

    /**
     * Waits, at most {@code --settle}, until the server holds no session, participant, TURN allocation or unpersisted
     * fragment and, given a baseline, its threads and open files are back to it — without one (before the baseline),
     * until its threads and open files stayed the same for {@value #STABLE_POLLS} looks, so that pool threads idling
     * out are not taken for the idle server's. Returns the last figures, with the heap after a GC.
     */
    private ServerFigures settle(ServerFigures baseline) throws Exception {
        long deadline = System.nanoTime() + settings.settle().toNanos();
        ServerFigures f = ServerFigures.sample(server, http, metrics, false);
        int unchanged = 0;
        while (System.nanoTime() < deadline) {
            boolean settled = baseline == null ? unchanged >= STABLE_POLLS : f.backTo(baseline);
            if (f.nothingHeld() && settled) {
                break;
            }
            Thread.sleep(SETTLE_POLL_MILLIS);
            ServerFigures next = ServerFigures.sample(server, http, metrics, false);
            unchanged = next.threads() == f.threads() && next.fds() == f.fds() ? unchanged + 1 : 0;
            f = next;
        }
        return ServerFigures.sample(server, http, metrics, true);
    }

    /** One row, printed and appended to the TSV as it comes (a run cut short keeps its table). */
    private SoakMinute row(String label, double elapsed, Churn churn, ViewerLoss.Minute loss, ChurnCounts counts,
                           ServerFigures figures) throws Exception {
        List<SimulatedPeer> participants = churn == null ? List.of() : churn.participants();
        int connected = (int) participants.stream().filter(p -> p.state() == SimulatedPeer.State.CONNECTED).count();
        SoakMinute row = new SoakMinute(label, elapsed, churn == null ? 0 : churn.sessionsHeld(),
                participants.size(), connected, figures, loss, counts);
        System.out.println(row.tsv());
        Files.writeString(settings.tsv(), row.tsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return row;
    }

    private static double seconds(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0;
    }
}
