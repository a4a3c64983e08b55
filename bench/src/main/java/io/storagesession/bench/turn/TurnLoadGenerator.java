package io.storagesession.bench.turn;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Relay load on a TURN server over UDP, to compare servers on one machine: N allocations, each channel-bound to its
 * own UDP peer; clients send ChannelData of {@code --size} bytes at a total rate through the relay to the peers,
 * which echo every packet back through the relay. For each offered rate it reports delivered packets, loss,
 * one-way (client→peer, peer→client) and round-trip latency percentiles, and — given the server's {@code --pid} —
 * the server's CPU time in the window, hence relayed packets per CPU-second (its throughput per core). With
 * {@code --baseline true} each rate is repeated on directly connected sockets (same loops, no server), and the
 * difference of the round-trip medians is the latency the relay adds.
 * <p>Usage (build with {@code mvn -q -B -pl bench -am package -DskipTests}):
 * <pre>java -cp bench/target/bench.jar io.storagesession.bench.turn.TurnLoadGenerator \
 *   --server 127.0.0.1:3478 --secret &lt;static-auth-secret&gt; --pid $(pgrep -n turnserver) \
 *   --allocations 50 --rates 10000,50000,100000 --size 1200 --warmup 1 --seconds 3 --baseline true</pre>
 * Credentials are REST ones derived from {@code --secret} (as coturn's {@code --use-auth-secret} expects), or fixed
 * ones with {@code --username} and {@code --password}. Allocations are not refreshed: keep a run under 5 minutes
 * (the default permission lifetime). Only two threads send and receive, so on a small machine the generator, not the
 * server, may be what saturates; its own CPU time is printed too.
 */
public final class TurnLoadGenerator {
    private final Options options;
    private final PrintStream out;

    public TurnLoadGenerator(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>(Map.of("--server", "127.0.0.1:3478", "--allocations", "50",
                "--rates", "10000,50000,100000", "--size", "1200", "--warmup", "1", "--seconds", "3",
                "--drain", "0.5", "--baseline", "true", "--user", "bench"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i], argv[i + 1]);
        }
        new TurnLoadGenerator(Options.from(args), System.out).run();
    }

    /** Runs every rate (relay, then direct when asked) and prints one line per step and a summary. */
    public List<StepResult> run() throws Exception {
        List<StepResult> results = new ArrayList<>();
        out.printf(Locale.ROOT, "TURN relay load: %d allocations, %d-byte ChannelData over UDP to %s, window %.1f s%n",
                options.allocations(), options.size(), options.server(), options.seconds());
        try (RelaySetup relay = RelaySetup.throughTurn(options.server(), options.allocations(), options.username(),
                options.password());
             RelaySetup direct = options.baseline() ? RelaySetup.direct(options.server(), options.allocations()) : null) {
            for (double rate : options.rates()) {
                StepResult relayed = new TrafficStep(relay.clients(), relay.peers(), 0, options.size())
                        .run("relay", rate, options.warmup(), options.seconds(), options.drain(), options.serverPid());
                out.println(relayed.describe());
                results.add(relayed);
                if (direct != null) {
                    StepResult baseline = new TrafficStep(direct.clients(), direct.peers(), Stun.CHANNEL_DATA_HEADER,
                            options.size()).run("direct", rate, options.warmup(), options.seconds(), options.drain(),
                            OptionalLong.empty());
                    out.println(baseline.describe());
                    out.printf(Locale.ROOT, "       added by relay: rtt p50 %+.3f ms, p99 %+.3f ms%n",
                            relayed.roundTrip().percentileMillis(50) - baseline.roundTrip().percentileMillis(50),
                            relayed.roundTrip().percentileMillis(99) - baseline.roundTrip().percentileMillis(99));
                    results.add(baseline);
                }
            }
        }
        return results;
    }

    /**
     * @param serverPid the TURN server's process, for its CPU time; empty to skip that column
     */
    public record Options(InetSocketAddress server, String username, String password, int allocations,
                         double[] rates, int size, double warmup, double seconds, double drain, boolean baseline,
                         OptionalLong serverPid) {

        public Options {
            if (size < Probe.LENGTH) {
                throw new IllegalArgumentException("--size must be at least " + Probe.LENGTH);
            }
        }

        static Options from(Map<String, String> args) {
            String[] hostPort = args.get("--server").split(":");
            InetSocketAddress server = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
            String username = args.get("--username");
            String password = args.get("--password");
            if (args.containsKey("--secret")) {
                RestCredentials rest = RestCredentials.of(args.get("--secret"), args.get("--user"),
                        Instant.now().plusSeconds(3600));
                username = rest.username();
                password = rest.password();
            }
            if (username == null || password == null) {
                throw new IllegalArgumentException("give --secret, or --username and --password");
            }
            double[] rates = Arrays.stream(args.get("--rates").split(",")).mapToDouble(Double::parseDouble).toArray();
            OptionalLong pid = args.containsKey("--pid") ? OptionalLong.of(Long.parseLong(args.get("--pid")))
                    : OptionalLong.empty();
            return new Options(server, username, password, Integer.parseInt(args.get("--allocations")), rates,
                    Integer.parseInt(args.get("--size")), Double.parseDouble(args.get("--warmup")),
                    Double.parseDouble(args.get("--seconds")), Double.parseDouble(args.get("--drain")),
                    Boolean.parseBoolean(args.get("--baseline")), pid);
        }
    }
}
