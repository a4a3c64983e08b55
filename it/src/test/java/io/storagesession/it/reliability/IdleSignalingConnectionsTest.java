package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * Abuse: 10,000 idle signaling connections held at once (presigned ConnectAsMaster / ConnectAsViewer URLs, each
 * valid, so every one passes SigV4 and takes its place in a channel's room — the harder case than refused upgrades).
 * KVS admits a master and 10 viewers per channel, 3 connects per second each (KVS-WIRE.md §2), so they are spread
 * over as many channels as that takes. While they are held the server keeps serving: the live session's viewer keeps
 * receiving video, a fresh client calls the API and joins a new session. The hub's bound on connections
 * ({@code signaling.hub.max-connections}) refuses the excess with ClientLimitExceededException before the upgrade.
 * Each connection costs the server one descriptor and a bounded amount of memory, and once the clients close them
 * (close frame 1000) the server's connections, descriptors and rooms go back to what the live session holds.
 *
 * <p>{@code -Dabuse.idle-connections} (10,000) and {@code -Dabuse.idle-hold} (PT30S) shorten a run.
 */
@Tag("reliability")
class IdleSignalingConnectionsTest {
    private static final int CONNECTIONS = Integer.getInteger("abuse.idle-connections", 10_000);
    private static final Duration HOLD = Duration.parse(System.getProperty("abuse.idle-hold", "PT30S"));
    /** Connects past the bound (once it is full), each of which must be refused. */
    private static final int EXCESS = 20;
    /** The live session's and the fresh session's sockets, which the bound must leave room for. */
    private static final int SESSION_SOCKETS = 2 * LiveSession.SIGNALING_SOCKETS;
    /** Descriptors that come and go without being a connection (H2, the JIT, logs, DTLS pools). */
    private static final int FD_SLACK = 64;
    /**
     * What one idle connection may cost in resident memory: Netty's per-channel state, the WebSocket codec, the hub's
     * connection and room entry are a few KiB; 64 KiB leaves room for the JVM's own growth under the connect burst.
     */
    private static final double MAX_KIB_PER_CONNECTION = 64;
    /** Of which the Java heap holds the hub's connection, room entry and Vert.x's WebSocket: a few KiB. */
    private static final double MAX_HEAP_KIB_PER_CONNECTION = 16;
    private static final double KIB_PER_MIB = 1024;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        PackagedServer.requireJar();
        LiveSession.requireTools();
    }

    @Test
    void tenThousandIdleConnectionsAreHeldBoundedAndClosedWhileTheServerKeepsServing() throws Exception {
        int bound = CONNECTIONS + SESSION_SOCKETS;
        try (PackagedServer server = AbusedServer.start(dir.resolve("server"),
                "signaling.hub.max-connections=" + bound);
             LiveSession live = LiveSession.start(server, "live")) {
            Footprint before = Footprint.of(server);
            double heapBefore = Footprint.retainedHeapMib(server);
            PeerCounters mediaBefore = live.counters();
            IdleConnections idle;
            try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                    .httpClientBuilder(RunningServer.http()))) {
                idle = IdleConnections.open(server, kvs, CONNECTIONS);
            }
            try (idle) {
                Footprint held = Footprint.of(server);
                double heapHeld = Footprint.retainedHeapMib(server);
                System.out.printf("held %d idle signaling connections on %d channels (%d refused); server before: %s,"
                        + " heap retained %.1f MiB; holding: %s, heap retained %.1f MiB (%.1f KiB a connection)%n",
                        idle.open(), idle.channels(), idle.refused().size(), before, heapBefore, held, heapHeld,
                        (heapHeld - heapBefore) * KIB_PER_MIB / CONNECTIONS);
                assertThat((heapHeld - heapBefore) * KIB_PER_MIB / CONNECTIONS).as("heap KiB retained per connection")
                        .isLessThan(MAX_HEAP_KIB_PER_CONNECTION);
                assertThat(idle.refused()).as("valid connects within every limit refused").isEmpty();
                assertThat(idle.open()).as("connections held").isEqualTo(CONNECTIONS);
                assertThat(held.metric("kvs_signaling_connections")).isEqualTo(bound - LiveSession.SIGNALING_SOCKETS);

                Thread.sleep(HOLD.toMillis() / 2);
                live.assertAFreshSessionConnects("fresh");
                int free = bound - (int) Footprint.of(server).metric("kvs_signaling_connections");
                List<String> excess = idle.attemptMore(free + EXCESS);
                System.out.printf("%d connects with %d places left under the bound of %d: answered %s%n",
                        free + EXCESS, free, bound, excess.stream().distinct().toList());
                assertThat(excess).as("connects up to signaling.hub.max-connections").filteredOn("101"::equals)
                        .hasSize(free);
                assertThat(excess).as("connects past signaling.hub.max-connections")
                        .filteredOn(answer -> !answer.equals("101")).hasSize(EXCESS)
                        .containsOnly("400 ClientLimitExceededException");
                Thread.sleep(HOLD.toMillis() / 2);

                Footprint end = Footprint.of(server);
                System.out.printf("after holding them %s: %s; closed by the server meanwhile: %d%n", HOLD, end,
                        idle.closedByServer());
                assertThat(idle.closedByServer()).as("idle connections the server closed within its idle timeout")
                        .isZero();
                assertThat(end.openFiles() - before.openFiles()).as("descriptors held for the connections")
                        .isLessThanOrEqualTo(CONNECTIONS + FD_SLACK);
                assertThat((end.rssMib() - before.rssMib()) * KIB_PER_MIB / CONNECTIONS)
                        .as("resident KiB per idle connection").isLessThan(MAX_KIB_PER_CONNECTION);
                live.assertMediaFlowedSince(mediaBefore, CONNECTIONS + " idle signaling connections");
            }
            assertThat(idle.closedCleanly()).as("connections closed with a close handshake")
                    .isEqualTo(bound - LiveSession.SIGNALING_SOCKETS);
            Awaitility.await("the server's connections back to the live session's").atMost(SETTLE)
                    .until(() -> Footprint.of(server).metric("kvs_signaling_connections")
                            == LiveSession.SIGNALING_SOCKETS);
            Awaitility.await("descriptors given back").atMost(SETTLE)
                    .until(() -> Footprint.of(server).openFiles() <= before.openFiles() + FD_SLACK);
            Footprint after = Footprint.of(server);
            System.out.printf("after every idle connection closed: %s (%+d fds against before)%n", after,
                    after.openFiles() - before.openFiles());
            live.assertMediaFlowedSince(mediaBefore, "the whole test");
            AbusedServer.assertNoErrorLogged(server);
        }
    }
}
