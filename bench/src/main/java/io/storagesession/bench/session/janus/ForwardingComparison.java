package io.storagesession.bench.session.janus;

import io.storagesession.bench.session.SessionLoadGenerator;
import io.storagesession.bench.session.media.LoadMedia;
import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.bench.session.peer.PeerLoop;
import io.storagesession.bench.session.peer.PeerSettings;
import io.storagesession.bench.session.peer.SimulatedPeer;
import io.storagesession.bench.session.relay.TurnRelay;
import io.storagesession.bench.turn.ProcessCpu;
import io.storagesession.bench.turn.TurnUdpClient;
import io.storagesession.turn.RestCredentials;
import io.storagesession.webrtc.dtls.DtlsCertificate;
import io.storagesession.webrtc.dtls.DtlsSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The same forwarding workload against the storage-session server and against Janus, in one run, for the server CPU
 * each spends per packet it forwards: {@code --sessions} sessions of a 1 Mbps H.264 + Opus master/publisher and three
 * viewers/subscribers, through the same TURN server (the storage session's embedded one; Janus gets REST credentials
 * made from its secret). First the KVS sessions (with {@link SessionLoadGenerator}, one step), then Janus VideoRooms
 * (Janus started here, VideoRoom and HTTP only). Forwarded packets are what the viewers received (video, its repairs,
 * audio); CPU is the server process's over the hold. The storage session also runs the mixer (with one talker it
 * passes the talker's packets through) and, unless started with {@code -Drecorder.enabled=false}, records; and its
 * process is also the TURN server both workloads relay through, so its figure includes all TURN relaying while Janus's
 * does not — the third line, the storage-session process's CPU during the Janus phase, is that TURN share.
 *
 * <pre>java -cp bench/target/bench.jar io.storagesession.bench.session.janus.ForwardingComparison \
 *     --endpoint http://127.0.0.1:8080 --credentials data/credentials --turn-secret data/turn-secret \
 *     --turn 127.0.0.1:3478 --sessions 5 --warmup 10s --hold 30s --janus-port 28088</pre>
 * The server must listen on all interfaces (its default {@code --host 0.0.0.0}): Janus never gathers candidates on
 * loopback, so it reaches the TURN server on the host's first routable IPv4 address ({@code --janus-turn-host}).
 */
public final class ForwardingComparison {
    private static final int SUBSCRIBERS = 3;
    private static final long ROOM_BASE = 4_200;
    private static final Duration CREDENTIAL_LIFETIME = Duration.ofHours(2);
    private static final long CONNECT_POLL_MILLIS = 200;
    private static final long CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final long FRAME_NANOS = 1_000_000_000L / 30;
    private static final int FREEZE_FRAMES = 3;
    private static final double MICROS_PER_SECOND = 1e6;

    private ForwardingComparison() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("endpoint", "http://127.0.0.1:8080", "credentials",
                "data/credentials", "turn-secret", "data/turn-secret", "turn", "127.0.0.1:3478", "sessions", "5",
                "warmup", "10s", "hold", "30s", "janus-port", "28088", "media-cache", "bench/target/load-media"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            o.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int sessions = Integer.parseInt(o.get("sessions"));
        double[] kvs = SessionLoadGenerator.forwardingCost(new String[] {"--endpoint", o.get("endpoint"),
            "--credentials", o.get("credentials"), "--steps", Integer.toString(sessions), "--warmup", o.get("warmup"),
            "--hold", o.get("hold"), "--heap", "false", "--media-cache", o.get("media-cache"),
            "--json", Path.of("bench", "target", "forwarding-kvs.json").toString()});
        long kvsPid = io.storagesession.bench.session.probe.ServerProcess.listeningOn(
                java.net.URI.create(o.get("endpoint")).getPort()).orElse(0L);
        double[] janus = janus(o, sessions, kvsPid);
        System.out.println();
        System.out.printf("%-16s %8s %12s %12s %14s %8s%n", "server", "sessions", "cpu % 1 core", "fwd pkts/s",
                "cpu µs/packet", "freezes");
        System.out.printf("%-16s %8d %12.1f %12.0f %14.2f %8.0f%n", "storage-session", sessions, kvs[0], kvs[1],
                kvs[2], kvs[3]);
        System.out.printf("%-16s %8d %12.1f %12.0f %14.2f %8.0f%n", "janus 1.1.2", sessions, janus[0], janus[1],
                janus[2], janus[3]);
        System.out.printf("%-16s %8d %12.1f %12.0f %14.2f %8s   (the storage-session process while it only relayed "
                + "Janus's traffic as TURN server: its TURN share, inside its own figure above)%n", "  embedded TURN",
                sessions, janus[4], janus[1], janus[5], "");
        System.exit(0);
    }

    /**
     * {cpu % of one core, packets forwarded per second, CPU µs per forwarded packet, freezes, the TURN server's
     * (storage-session process's) cpu %, and its µs per forwarded packet}.
     */
    private static double[] janus(Map<String, String> o, int sessions, long turnPid) throws Exception {
        String secret = Files.readString(Path.of(o.get("turn-secret"))).trim();
        String[] hostPort = o.get("turn").split(":");
        InetSocketAddress turn = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        RestCredentials janusTurn = RestCredentials.issue(secret, "janus", Instant.now().plus(CREDENTIAL_LIFETIME));
        // Janus (libnice) never gathers on loopback: it reaches the same TURN server on a routable address.
        InetSocketAddress janusTurnAddress = new InetSocketAddress(o.getOrDefault("janus-turn-host",
                routableAddress()), turn.getPort());
        LoadMedia media = LoadMedia.prepare(Path.of(o.get("media-cache")), 640, 360, 30, 1_000_000, 20, 1_188);
        ExecutorService handshakes = Executors.newFixedThreadPool(4);
        List<JanusRoom> rooms = new ArrayList<>();
        try (JanusProcess process = JanusProcess.start(Integer.parseInt(o.get("janus-port")), janusTurnAddress,
                janusTurn.username(), janusTurn.password()); PeerLoop loop = new PeerLoop();
             JanusApi api = new JanusApi(process.api)) {
            PeerSettings settings = new PeerSettings(media, DtlsCertificate.generate(), DtlsSettings.defaults(),
                    handshakes, loop, FRAME_NANOS, 10_000_000, 100_000_000, 1_000_000_000, 150,
                    FREEZE_FRAMES * FRAME_NANOS);
            JanusRoom.Relays relays = user -> {
                RestCredentials c = RestCredentials.issue(secret, user, Instant.now().plus(CREDENTIAL_LIFETIME));
                TurnUdpClient client = TurnUdpClient.open(turn, c.username(), c.password());
                client.allocateOrThrow();
                return new TurnRelay(client, System.nanoTime());
            };
            for (int i = 0; i < sessions; i++) {
                JanusRoom room = new JanusRoom(api, ROOM_BASE + i);
                rooms.add(room);
                room.open(settings, relays, SUBSCRIBERS);
            }
            List<SimulatedPeer> peers = rooms.stream().flatMap(r -> r.peers.stream()).toList();
            long deadline = System.currentTimeMillis() + CONNECT_TIMEOUT_MILLIS;
            while (System.currentTimeMillis() < deadline
                    && peers.stream().anyMatch(p -> p.state() != SimulatedPeer.State.CONNECTED)) {
                Thread.sleep(CONNECT_POLL_MILLIS);
            }
            System.out.println("janus participants: " + peers);
            Thread.sleep(SessionLoadGeneratorDurations.millis(o.get("warmup")));
            PeerCounters before = subscribers(loop, peers);
            double cpuBefore = ProcessCpu.seconds(process.pid());
            double turnBefore = turnPid > 0 ? ProcessCpu.seconds(turnPid) : 0;
            long start = System.nanoTime();
            Thread.sleep(SessionLoadGeneratorDurations.millis(o.get("hold")));
            PeerCounters after = subscribers(loop, peers);
            double cpu = ProcessCpu.seconds(process.pid()) - cpuBefore;
            double turnCpu = turnPid > 0 ? ProcessCpu.seconds(turnPid) - turnBefore : 0;
            double seconds = (System.nanoTime() - start) / 1e9;
            PeerCounters window = after.minus(before);
            long forwarded = window.videoPackets() + window.repaired() + window.audioReceived();
            for (JanusRoom room : rooms) {
                room.close();
            }
            loop.call(() -> {
                peers.forEach(SimulatedPeer::close);
                return null;
            });
            return new double[] {100 * cpu / seconds, forwarded / seconds, cpu * MICROS_PER_SECOND / forwarded,
                window.freezes(), 100 * turnCpu / seconds, turnCpu * MICROS_PER_SECOND / forwarded};
        } finally {
            handshakes.shutdownNow();
        }
    }

    /** The first IPv4 address of an interface that is up and not loopback: where Janus finds the TURN server. */
    private static String routableAddress() throws java.net.SocketException {
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface
                .getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        }
        throw new java.net.SocketException("no routable IPv4 address for Janus to reach the TURN server on");
    }

    private static PeerCounters subscribers(PeerLoop loop, List<SimulatedPeer> peers) throws Exception {
        return loop.call(() -> peers.stream().filter(p -> !p.isMaster()).map(SimulatedPeer::counters)
                .reduce(PeerCounters.ZERO, PeerCounters::plus));
    }

    /** Durations written as the generator's flags are. */
    private static final class SessionLoadGeneratorDurations {
        static long millis(String text) {
            return SessionLoadGenerator.durationMillis(text);
        }
    }
}
