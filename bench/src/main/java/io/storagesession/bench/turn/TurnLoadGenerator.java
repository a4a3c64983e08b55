package io.storagesession.bench.turn;

import io.storagesession.turn.RestCredentials;
import io.storagesession.turn.Stun;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Relay load on TURN servers over UDP, to compare them on one machine in one run: per server, N allocations, each
 * channel-bound to its own UDP peer; clients send ChannelData of {@code --size} bytes at a total rate through the
 * relay to the peers, which echo every packet back through the relay. For each offered rate and server it reports
 * delivered packets, loss, one-way (client→peer, peer→client) and round-trip latency percentiles, and — given the
 * server's pid — the server's CPU time in the window, hence relayed packets per CPU-second (its throughput per core).
 * Servers take turns at each rate, so drifting machine load affects them alike; each rate also runs once on directly
 * connected sockets (same loops, no server) and the round-trip difference is the latency a relay adds. With several
 * servers, each is also given as a ratio to coturn (or to the first server).
 * <p>Usage (build with {@code mvn -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * # coturn alone, started by the tool on a free port (needs turnserver on PATH):
 * java -cp bench/target/bench.jar io.storagesession.bench.turn.TurnLoadGenerator --with-coturn true
 * # another server side by side with coturn:
 * java -cp bench/target/bench.jar io.storagesession.bench.turn.TurnLoadGenerator --with-coturn true \
 *   --server 127.0.0.1:3478 --secret &lt;its static auth secret&gt; --pid &lt;its pid&gt; --name embedded
 * # options and defaults:
 *   --allocations 50 --rates 10000,50000,100000 --size 1200 --warmup 1 --seconds 3 --drain 0.5 --baseline true
 *   --username/--password instead of --secret for fixed long-term credentials
 * </pre>
 * Allocations are not refreshed: keep a run under 5 minutes (the default permission lifetime). Only two threads send
 * and receive, sharing the machine with the server, so on a small machine the generator may be what saturates; its
 * own CPU time is printed too. Everything stays on 127.0.0.1.
 */
public final class TurnLoadGenerator {
    private final Options options;
    private final List<BenchTarget> targets;
    private final PrintStream out;

    public TurnLoadGenerator(Options options, List<BenchTarget> targets, PrintStream out) {
        this.options = options;
        this.targets = targets;
        this.out = out;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>(Map.of("--allocations", "50", "--rates", "10000,50000,100000",
                "--size", "1200", "--warmup", "1", "--seconds", "3", "--drain", "0.5", "--baseline", "true",
                "--user", "bench", "--name", "server", "--with-coturn", "false"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i], argv[i + 1]);
        }
        Options options = Options.from(args);
        List<BenchTarget> targets = new ArrayList<>();
        CoturnServer coturn = null;
        Path coturnDirectory = null;
        try {
            if (Boolean.parseBoolean(args.get("--with-coturn"))) {
                coturnDirectory = Files.createTempDirectory("bench-coturn");
                coturn = CoturnServer.start("turnserver", LoopbackPorts.freeUdpAndTcp(), coturnDirectory);
                targets.add(coturn.benchTarget(args.get("--user")));
            }
            if (args.containsKey("--server")) {
                targets.add(target(args));
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("give --server (and --secret or --username/--password), "
                        + "and/or --with-coturn true");
            }
            new TurnLoadGenerator(options, targets, System.out).run();
        } finally {
            if (coturn != null) {
                coturn.close();
                System.out.println("coturn log: " + coturnDirectory.resolve("turnserver.log"));
            }
        }
    }

    /** Runs every rate on every target (and the direct baseline) and prints one line per step plus comparisons. */
    public List<StepResult> run() throws Exception {
        List<StepResult> results = new ArrayList<>();
        out.printf(Locale.ROOT, "TURN relay load: %d allocations per server, %d-byte ChannelData over UDP, window %.1f s,"
                        + " %d cores%n", options.allocations(), options.size(), options.seconds(),
                Runtime.getRuntime().availableProcessors());
        List<RelaySetup> setups = new ArrayList<>();
        try {
            for (BenchTarget target : targets) {
                out.println("  " + target.name() + ": " + target.server() + target.pid().stream()
                        .mapToObj(pid -> " pid " + pid).findFirst().orElse(""));
                setups.add(RelaySetup.throughTurn(target.server(), options.allocations(), target.username(),
                        target.password()));
            }
            RelaySetup direct = options.baseline()
                    ? RelaySetup.direct(InetAddress.getLoopbackAddress(), options.allocations()) : null;
            if (direct != null) {
                setups.add(direct);
            }
            for (double rate : options.rates()) {
                List<StepResult> atRate = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    atRate.add(step(setups.get(i), 0, targets.get(i).name(), rate,
                            targets.get(i).pid()));
                }
                StepResult baseline = direct == null ? null
                        : step(direct, Stun.CHANNEL_DATA_HEADER, "direct", rate, OptionalLong.empty());
                compare(atRate, baseline);
                results.addAll(atRate);
                if (baseline != null) {
                    results.add(baseline);
                }
            }
        } finally {
            for (RelaySetup setup : setups) {
                setup.close();
            }
        }
        return results;
    }

    private StepResult step(RelaySetup setup, int peerProbeOffset, String mode, double rate, OptionalLong pid)
            throws InterruptedException {
        StepResult result = new TrafficStep(setup.clients(), setup.peers(), peerProbeOffset, options.size())
                .run(mode, rate, options.warmup(), options.seconds(), options.drain(), pid);
        out.println(result.describe());
        return result;
    }

    private void compare(List<StepResult> atRate, StepResult baseline) {
        if (baseline != null) {
            for (StepResult result : atRate) {
                out.printf(Locale.ROOT, "       %s adds rtt p50 %+.3f ms, p99 %+.3f ms over direct%n", result.mode(),
                        result.roundTrip().percentileMillis(50) - baseline.roundTrip().percentileMillis(50),
                        result.roundTrip().percentileMillis(99) - baseline.roundTrip().percentileMillis(99));
            }
        }
        StepResult reference = atRate.stream().filter(r -> r.mode().equals("coturn")).findFirst()
                .orElse(atRate.get(0));
        for (StepResult result : atRate) {
            if (result != reference) {
                out.printf(Locale.ROOT, "       %s / %s: relayed pkt/cpu-s x%.2f, delivered pkt/s x%.2f,"
                                + " rtt p50 %+.3f ms, loss %.4f%% vs %.4f%%%n", result.mode(), reference.mode(),
                        result.relayedPerCpuSecond() / reference.relayedPerCpuSecond(),
                        result.relayedPerSecond() / reference.relayedPerSecond(),
                        result.roundTrip().percentileMillis(50) - reference.roundTrip().percentileMillis(50),
                        100 * result.roundTripLoss(), 100 * reference.roundTripLoss());
            }
        }
    }

    private static BenchTarget target(Map<String, String> args) {
        String[] hostPort = args.get("--server").split(":");
        InetSocketAddress server = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        String username = args.get("--username");
        String password = args.get("--password");
        if (args.containsKey("--secret")) {
            RestCredentials rest = RestCredentials.issue(args.get("--secret"), args.get("--user"),
                    Instant.now().plusSeconds(3600));
            username = rest.username();
            password = rest.password();
        }
        if (username == null || password == null) {
            throw new IllegalArgumentException("--server needs --secret, or --username and --password");
        }
        OptionalLong pid = args.containsKey("--pid") ? OptionalLong.of(Long.parseLong(args.get("--pid")))
                : OptionalLong.empty();
        return new BenchTarget(args.get("--name"), server, username, password, pid);
    }

    /** What every server is loaded with. */
    public record Options(int allocations, double[] rates, int size, double warmup, double seconds, double drain,
                          boolean baseline) {

        public Options {
            if (size < Probe.LENGTH) {
                throw new IllegalArgumentException("--size must be at least " + Probe.LENGTH);
            }
        }

        static Options from(Map<String, String> args) {
            double[] rates = Arrays.stream(args.get("--rates").split(",")).mapToDouble(Double::parseDouble).toArray();
            return new Options(Integer.parseInt(args.get("--allocations")), rates,
                    Integer.parseInt(args.get("--size")), Double.parseDouble(args.get("--warmup")),
                    Double.parseDouble(args.get("--seconds")), Double.parseDouble(args.get("--drain")),
                    Boolean.parseBoolean(args.get("--baseline")));
        }
    }
}
