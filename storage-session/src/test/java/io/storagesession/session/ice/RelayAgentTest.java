package io.storagesession.session.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.session.testing.EmbeddedTurn;
import io.storagesession.signaling.ice.TurnCredentials;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.IceProcessingState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two RelayAgents (the second one acting as the participant, made controlled for the test only through its own ICE
 * role being the opposite of the first's tie-breaker... ice4j resolves role conflicts) connect through the embedded
 * TURN server over relayed candidates only, datagrams flow over the selected pair, and consent checks (RFC 7675)
 * cross the relay and are answered.
 */
class RelayAgentTest {
    private static final int CHECKS = 3;
    private final IceShutdown shutdown = new IceShutdown(2);
    private EmbeddedTurn turn;

    @BeforeEach
    void startTurn() throws Exception {
        turn = new EmbeddedTurn();
    }

    @AfterEach
    void stop() throws Exception {
        shutdown.awaitQuiet(5000);
        shutdown.close();
        turn.close();
    }

    private List<RelayAgent.Allocation> allocations(String user) {
        RelayServer relay = turn.relays().get(0);
        TurnCredentials c = relay.credentials("channel", user, Instant.now().plusSeconds(600));
        return List.of(new RelayAgent.Allocation(relay.resolve(), c.username(), c.password()));
    }

    @Test
    void gathersOnlyRelayedCandidatesAndConnectsThroughTheRelay() throws Exception {
        RelayAgent a = new RelayAgent(shutdown);
        RelayAgent b = new RelayAgent(shutdown);
        try {
            List<String> candidatesA = a.gather(allocations("a"));
            assertThat(candidatesA).hasSize(1).allSatisfy(c -> assertThat(c).contains(" typ relay ")
                    .startsWith("candidate:").contains(" 127.0.0.1 "));
            connect(a, candidatesA, b);
            assertThat(a.selectedPair().getLocalCandidate().getType()).isEqualTo(CandidateType.RELAYED_CANDIDATE);
            assertThat(a.selectedPair().getRemoteCandidate().getType()).isEqualTo(CandidateType.RELAYED_CANDIDATE);

            byte[] payload = "\u0080over the relay".getBytes(StandardCharsets.ISO_8859_1);
            a.send(payload, 0, payload.length);
            b.receiveSocket().setSoTimeout(5000);
            DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
            b.receiveSocket().receive(packet);
            assertThat(Arrays.copyOf(packet.getData(), packet.getLength())).isEqualTo(payload);
        } finally {
            a.close();
            b.close();
        }
    }

    /**
     * RFC 7675 consent checks cross the relay and the peer's ice4j answers them; an answer counts only when signed
     * with the peer's ICE password (a probe expecting another password, as a forged answer would be, counts none).
     */
    @Test
    void consentChecksAreAnsweredThroughTheRelayAndOnlyAnswersSignedWithThePeersPasswordCount() throws Exception {
        RelayAgent a = new RelayAgent(shutdown);
        RelayAgent b = new RelayAgent(shutdown);
        try {
            connect(a, a.gather(allocations("a")), b);
            ConsentSettings settings = new ConsentSettings(Duration.ofSeconds(5), Duration.ofSeconds(30));
            AtomicInteger authentic = new AtomicInteger();
            AtomicInteger forged = new AtomicInteger();
            ConsentFreshness.Probe probe = a.consentProbe(settings, authentic::incrementAndGet);
            ConsentFreshness.Probe wrongKey = a.consentProbe(settings, b.localPassword() + "x",
                    forged::incrementAndGet);
            for (int i = 0; i < CHECKS; i++) {
                assertThat(probe.send()).isTrue();
                assertThat(wrongKey.send()).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> authentic.get() == CHECKS);
            Thread.sleep(settings.shortestPeriod().toMillis()); // every check's transaction has ended by now
            assertThat(authentic).hasValue(CHECKS);
            assertThat(forged).hasValue(0);
        } finally {
            a.close();
            b.close();
        }
    }

    /** {@code a} (candidates already gathered) and a fresh {@code b} through the relay, both COMPLETED. */
    private void connect(RelayAgent a, List<String> candidatesA, RelayAgent b) throws Exception {
        List<String> candidatesB = b.gather(allocations("b"));
        a.setRemoteCredentials(b.localUfrag(), b.localPassword());
        b.setRemoteCredentials(a.localUfrag(), a.localPassword());
        addAll(a, candidatesB);
        addAll(b, candidatesA);
        CompletableFuture<IceProcessingState> doneA = new CompletableFuture<>();
        CompletableFuture<IceProcessingState> doneB = new CompletableFuture<>();
        a.start(state -> complete(doneA, state));
        b.start(state -> complete(doneB, state));
        assertThat(doneA.get(20, TimeUnit.SECONDS)).isEqualTo(IceProcessingState.COMPLETED);
        assertThat(doneB.get(20, TimeUnit.SECONDS)).isEqualTo(IceProcessingState.COMPLETED);
    }

    private static void complete(CompletableFuture<IceProcessingState> done, IceProcessingState state) {
        if (state == IceProcessingState.COMPLETED || state == IceProcessingState.FAILED) {
            done.complete(state);
        }
    }

    private static void addAll(RelayAgent agent, List<String> candidates) throws Exception {
        for (String c : candidates) {
            String[] f = c.substring("candidate:".length()).split(" ");
            agent.addRemote(f[0], Long.parseLong(f[3]), f[7], InetAddress.getByName(f[4]), Integer.parseInt(f[5]));
        }
    }
}
