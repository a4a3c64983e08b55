package io.storagesession.bench.session;

import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.bench.session.peer.PeerLoop;
import io.storagesession.bench.session.peer.SimulatedPeer;
import io.storagesession.bench.session.probe.MetricsText;
import io.storagesession.bench.session.probe.ServerProcess;
import io.storagesession.bench.turn.ProcessCpu;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives N complete storage sessions against a running server, everything real on the wire (SigV4 control plane,
 * presigned signaling WebSocket, GetIceServerConfig, JoinStorageSession(AsViewer), TURN relay, ICE, DTLS, SRTP): per
 * session a master sending 1 Mbps H.264 and Opus and {@code --viewers} viewers receiving the video and sending Opus.
 * It ramps through {@code --steps}, holding each after a warm-up, prints one line per step and writes the JSON, and
 * stops ramping when the viewers' quality breaks the thresholds. All participants share one event-loop thread
 * ({@link PeerLoop}) and a small DTLS handshake pool; nothing received is decoded.
 *
 * <pre>java -cp bench/target/bench.jar io.storagesession.bench.session.SessionLoadGenerator \
 *     --endpoint http://127.0.0.1:8080 --credentials data/credentials --steps 1,5,10,20,40 --hold 30s</pre>
 *
 * Flags (defaults in {@link LoadSettings#DEFAULTS}):
 * <ul>
 *   <li>{@code --endpoint} the server's URL; {@code --credentials} its AWS shared-credentials file (or
 *       {@code --access-key-id} and {@code --secret-access-key}); {@code --region} (us-west-2)</li>
 *   <li>{@code --steps 1,5,10,20,40} sessions per step; {@code --warmup 10s} before, {@code --hold 30s} measured</li>
 *   <li>{@code --viewers 3} per session; {@code --talkers 1} participants whose audio carries speech (the master
 *       first, then viewers), the others send encoded silence at RFC 6464 level 127</li>
 *   <li>{@code --server-pid} the server's pid for CPU, RSS, threads, open files and heap; 0 (default) finds the
 *       process listening on the endpoint's port with {@code ss -ltnp}; {@code --heap false} skips jcmd</li>
 *   <li>{@code --max-loss 0.5}, {@code --max-late 0.5} (percent), {@code --max-freezes 0}: quality thresholds</li>
 *   <li>{@code --loss-timeout 1s} a packet not repaired by then is lost; {@code --nack-delay 10ms},
 *       {@code --nack-retry 100ms}; {@code --late 150} ms of relative transit; {@code --freeze-frames 3} frame
 *       intervals between completed frames make a freeze</li>
 *   <li>media: {@code --width 640 --height 360 --fps 30 --bitrate 1000000 --clip-seconds 20
 *       --max-rtp-payload 1188}, encoded once into {@code --media-cache bench/target/load-media}</li>
 *   <li>{@code --session-spacing 250ms} between session set-ups (JoinStorageSession quotas: 50 TPS per account);
 *       {@code --connect-timeout 30s}; {@code --handshake-threads 4}; {@code --json bench/target/session-load.json}</li>
 * </ul>
 */
public final class SessionLoadGenerator {
    /** The server flushes its per-peer counters to /metrics once per housekeeping interval (1 s); wait for two. */
    private static final long FLUSH_WAIT_MILLIS = 2_500;
    private static final long POLL_MILLIS = 200;

    private final LoadSettings settings;
    private final List<LoadSession> sessions = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private PeerLoop loop;

    SessionLoadGenerator(LoadSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings = LoadSettings.parse(args);
        LoadReport report = new SessionLoadGenerator(settings).run();
        Files.createDirectories(settings.json().toAbsolutePath().getParent());
        Files.writeString(settings.json(), report.toJson(settings).encodePrettily());
        System.out.println();
        System.out.print(report.table());
        System.out.printf("sent by participants: %d packets (masters %d, viewers %d); server counted %.0f%n",
                report.sentByMasters().srtpSent() + report.sentByViewers().srtpSent(),
                report.sentByMasters().srtpSent(), report.sentByViewers().srtpSent(),
                report.serverPacketsFromMasters() + report.serverPacketsFromViewers());
        System.out.println("failures: " + (report.failures().isEmpty() ? "none" : report.failures()));
        System.out.printf("after every participant left: server participants %.0f, TURN allocations %+.0f and open "
                + "files %+d against the start%n", report.peersLeft(), report.turnAllocationsLeft(),
                report.openFilesLeft());
        System.out.println("JSON: " + settings.json().toAbsolutePath());
        System.exit(0);
    }

    /**
     * One step with {@code args}' settings, for a comparison: {cpu % of one core, packets the viewers received per
     * second (video, repairs, audio), server CPU µs per such packet, freezes}.
     */
    public static double[] forwardingCost(String[] args) throws Exception {
        LoadSettings settings = LoadSettings.parse(args);
        StepResult step = new SessionLoadGenerator(settings).run().steps().get(0);
        PeerCounters v = step.viewers();
        double forwarded = v.videoPackets() + v.repaired() + v.audioReceived();
        double cpuSeconds = step.cpuPercent() / 100 * step.seconds();
        return new double[] {step.cpuPercent(), forwarded / step.seconds(), cpuSeconds * 1e6 / forwarded,
            v.freezes()};
    }

    /** A duration flag ({@code 30s}, {@code 500ms}, {@code 2m}) in ms. */
    public static long durationMillis(String text) {
        return LoadSettings.duration(text).toMillis();
    }

    LoadReport run() throws Exception {
        ServerProcess server = LoadRig.server(settings);
        System.out.printf("server pid %d; preparing media%n", server.pid());
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (LoadRig rig = new LoadRig(settings)) {
            loop = rig.loop;
            try {
                return steps(rig, server, run);
            } finally {
                closeSessions();
            }
        }
    }

    /** Ramps through the steps, then every participant leaves; the leftovers are counted against the baseline. */
    private LoadReport steps(LoadRig rig, ServerProcess server, String run) throws Exception {
        List<StepResult> steps = new ArrayList<>();
        Snapshot baseline = snapshot(server);
        long baselineFiles = server.openFiles();
        System.out.println(StepResult.HEADER);
        for (int target : settings.steps()) {
            while (sessions.size() < target) {
                LoadSession session = new LoadSession("load-" + run + "-" + sessions.size(), loop);
                sessions.add(session);
                rig.open(session);
                Thread.sleep(settings.sessionSpacing().toMillis());
            }
            awaitConnected();
            Thread.sleep(settings.warmup().toMillis());
            Snapshot start = snapshot(server);
            Thread.sleep(settings.hold().toMillis());
            Snapshot end = snapshot(server);
            StepResult step = StepResult.of(sessions.size(), participants().size(), connected(), start, end,
                    server.rssMib(), settings.heap() ? server.heapUsedMib() : -1, server.threads(),
                    server.openFiles(), participants().stream().mapToDouble(SimulatedPeer::connectMillis)
                            .toArray(),
                    participants().stream().filter(p -> !p.isMaster())
                            .mapToDouble(SimulatedPeer::firstMediaMillis).toArray());
            steps.add(step);
            System.out.println(step.row());
            if (step.generatorStalls() > 0) {
                System.out.printf("warning: the generator's loop stalled %d times (worst %.0f ms late): its own "
                        + "hiccups may show as freezes, which therefore do not stop the ramp%n",
                        step.generatorStalls(), loop.worstLatenessMillis());
            }
            if (!step.acceptable(settings)) {
                System.out.println("quality broke at " + target + " sessions: ramp stopped");
                break;
            }
        }
        LoadReport report = finish(steps, server, baseline);
        closeSessions();
        Thread.sleep(FLUSH_WAIT_MILLIS);
        MetricsText after = snapshot(server).metrics();
        return report.withLeftovers(after.sum("kvs_turn_allocations")
                - baseline.metrics().sum("kvs_turn_allocations"), server.openFiles() - baselineFiles,
                after.sum("kvs_storage_session_peers"));
    }

    /**
     * Stops every sender, lets the server flush its counters, and sets what was sent beside what it counted since
     * {@code baseline} (a server that ran other sessions before keeps their counts).
     */
    private LoadReport finish(List<StepResult> steps, ServerProcess server, Snapshot baseline) throws Exception {
        loop.call(() -> {
            participants().forEach(SimulatedPeer::pause);
            return null;
        });
        Thread.sleep(FLUSH_WAIT_MILLIS);
        Snapshot last = snapshot(server);
        MetricsText m = last.metrics();
        MetricsText b = baseline.metrics();
        List<String> failures = participants().stream()
                .filter(p -> p.state() != SimulatedPeer.State.CONNECTED && p.state() != SimulatedPeer.State.PAUSED)
                .map(SimulatedPeer::toString).toList();
        List<String> problems = sessions.stream().flatMap(s -> s.problems().stream()).toList();
        List<String> all = new ArrayList<>(failures);
        all.addAll(problems);
        return new LoadReport(steps, all, last.masters(), last.viewers(),
                last.serverPackets("master") - baseline.serverPackets("master"),
                last.serverPackets("viewer") - baseline.serverPackets("viewer"),
                last.serverBytes("master") - baseline.serverBytes("master"),
                last.serverBytes("viewer") - baseline.serverBytes("viewer"),
                m.sum("kvs_storage_session_connect_seconds_count") - b.sum("kvs_storage_session_connect_seconds_count"),
                last.fragmentsPersisted() - baseline.fragmentsPersisted(),
                m.sum("kvs_storage_session_packets_dropped_total") - b.sum("kvs_storage_session_packets_dropped_total"),
                0, 0, 0);
    }

    private void closeSessions() {
        for (LoadSession session : sessions) {
            try {
                session.close();
            } catch (Exception e) {
                System.err.println("closing " + session.name + ": " + e);
            }
        }
    }

    private void awaitConnected() throws InterruptedException {
        awaitConnected(sessions, settings.connectTimeout());
    }

    /**
     * Joins again where offers are missing until every participant of {@code sessions} has connected or failed, or
     * {@code timeout} passed.
     */
    static void awaitConnected(List<LoadSession> sessions, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean offered = true;
            for (LoadSession session : sessions) {
                offered &= session.rejoinIfSilent();
            }
            if (offered && sessions.stream().flatMap(s -> s.peers.stream()).noneMatch(
                    p -> p.state() == SimulatedPeer.State.OFFERED || p.state() == SimulatedPeer.State.CONNECTING
                            || p.state() == SimulatedPeer.State.JOINING)) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private int connected() {
        return (int) participants().stream().filter(p -> p.state() == SimulatedPeer.State.CONNECTED).count();
    }

    private List<SimulatedPeer> participants() {
        return sessions.stream().flatMap(s -> s.peers.stream()).toList();
    }

    private Snapshot snapshot(ServerProcess server) throws Exception {
        long nanos = System.nanoTime();
        PeerCounters[] byRole = loop.call(() -> {
            PeerCounters masters = PeerCounters.ZERO;
            PeerCounters viewers = PeerCounters.ZERO;
            for (SimulatedPeer p : participants()) {
                if (p.isMaster()) {
                    masters = masters.plus(p.counters());
                } else {
                    viewers = viewers.plus(p.counters());
                }
            }
            return new PeerCounters[] {masters, viewers};
        });
        double cpu = server.cpuSeconds();
        String text = http.send(HttpRequest.newBuilder(URI.create(settings.endpoint() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Snapshot(nanos, byRole[0], byRole[1], cpu, ProcessCpu.seconds(ProcessHandle.current().pid()),
                loop.stalls(), MetricsText.parse(text));
    }
}
