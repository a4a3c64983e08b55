package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.bench.session.peer.PeerCounters;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer;

/**
 * Abuse: an unauthenticated TURN flood on the embedded TURN server's UDP port — Allocate without credentials,
 * Allocate with a real REST username and a wrong password, and junk — at {@code -Dabuse.turn-flood-rate} datagrams a
 * second (20,000) for {@code -Dabuse.turn-flood-duration} (PT20S), from 16 source ports. Every request is answered 401
 * (or dropped), none is granted, junk gets no answer; the server's threads, descriptors and retained heap stay where
 * they were, its CPU is reported; and the live session, whose participants relay through this very TURN server, keeps
 * its media flowing. A fresh session joins afterwards.
 */
@Tag("reliability")
class TurnFloodTest {
    private static final int RATE = Integer.getInteger("abuse.turn-flood-rate", 20_000);
    private static final Duration DURATION = Duration.parse(System.getProperty("abuse.turn-flood-duration", "PT20S"));
    private static final String UNAUTHORIZED = "401";
    /**
     * Threads that come and go meanwhile (jcmd's attach listener, a DTLS handshake thread, a Vert.x worker): fewer
     * than the flood's 16 sources, so a thread per source would show.
     */
    private static final int THREAD_SLACK = 4;
    /** A descriptor or two may come and go meanwhile (DTLS pool, H2) without being the flood's. */
    private static final int FD_SLACK = 16;
    /** A flood that left state behind (per source, per transaction) would retain more than this. */
    private static final double MAX_RETAINED_MIB = 16;

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        PackagedServer.requireJar();
        LiveSession.requireTools();
    }

    @Test
    void anUnauthenticatedFloodIsAnswered401OrDroppedAndTheLiveRelayIsUnharmed() throws Exception {
        try (PackagedServer server = AbusedServer.start(dir.resolve("server"));
             LiveSession live = LiveSession.start(server, "live")) {
            IceServer turn = iceServer(server);
            String uri = turn.uris().stream().filter(u -> u.startsWith("turn:") && u.endsWith("transport=udp"))
                    .findFirst().orElseThrow();
            URI parsed = URI.create(uri.replace("turn:", "turn://"));
            InetSocketAddress address = new InetSocketAddress(parsed.getHost(), parsed.getPort());

            PeerCounters mediaBefore = live.counters();
            Footprint before = Footprint.of(server);
            double heapBefore = Footprint.retainedHeapMib(server);
            TurnFlood.Counts counts;
            try (TurnFlood flood = TurnFlood.open(address, turn.username(), "not-" + turn.password())) {
                counts = flood.run(RATE, DURATION);
            }
            Footprint after = Footprint.of(server);
            double heapAfter = Footprint.retainedHeapMib(server);
            double cpu = after.cpuSeconds() - before.cpuSeconds();
            double authFailures = after.metric("kvs_turn_auth_failures_total")
                    - before.metric("kvs_turn_auth_failures_total");
            System.out.printf("TURN flood on %s: %d datagrams in %s (%d junk); answers %s; wrong credentials counted"
                            + " by the server: %.0f%n", address, counts.sent(), DURATION, counts.junkSent(),
                    counts.answers(), authFailures);
            System.out.printf("server's drop counters during the flood: %s%n", after.changedSince(before, "dropped"));
            System.out.printf("server during the flood: %.1f CPU seconds (%.0f %% of a core); before: %s, heap "
                            + "retained %.1f MiB; after: %s, heap retained %.1f MiB%n", cpu,
                    100 * cpu / DURATION.toSeconds(), before, heapBefore, after, heapAfter);

            assertThat(counts.answers().keySet()).as("answers to unauthenticated requests and junk")
                    .isSubsetOf(Set.of(UNAUTHORIZED));
            assertThat(counts.answered(UNAUTHORIZED)).as("401 challenges")
                    .isPositive().isLessThanOrEqualTo(counts.sent() - counts.junkSent());
            assertThat(authFailures).as("wrong-password Allocates the server counted").isPositive();
            assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + THREAD_SLACK);
            assertThat(after.openFiles()).as("descriptors").isLessThanOrEqualTo(before.openFiles() + FD_SLACK);
            assertThat(heapAfter - heapBefore).as("heap retained after the flood, MiB").isLessThan(MAX_RETAINED_MIB);
            live.assertMediaFlowedSince(mediaBefore, "the TURN flood");
            live.assertAFreshSessionConnects("fresh");
            AbusedServer.assertNoErrorLogged(server);
        }
    }

    /** The embedded TURN server as GetIceServerConfig hands it out, with a real username. */
    private static IceServer iceServer(PackagedServer server) throws Exception {
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            String arn = kvs.createSignalingChannel(b -> b.channelName("flood")).channelARN();
            String https = kvs.getSignalingChannelEndpoint(b -> b.channelARN(arn)
                    .singleMasterChannelEndpointConfiguration(c -> c.role(ChannelRole.MASTER)
                            .protocols(ChannelProtocol.HTTPS))).resourceEndpointList().get(0).resourceEndpoint();
            try (KinesisVideoSignalingClient signaling = KinesisVideoSignalingClient.builder()
                    .httpClientBuilder(RunningServer.http()).endpointOverride(URI.create(https))
                    .region(software.amazon.awssdk.regions.Region.US_WEST_2)
                    .credentialsProvider(server.credentialsProvider()).build()) {
                return signaling.getIceServerConfig(b -> b.channelARN(arn)).iceServerList().get(0);
            }
        }
    }
}
