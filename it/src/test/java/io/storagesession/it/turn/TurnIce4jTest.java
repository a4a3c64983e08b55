package io.storagesession.it.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.LocalCandidate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second, independent TURN client: two ice4j agents (controlling and controlled) each allocate through the
 * target with {@code TurnCandidateHarvester} and REST credentials, exchange only their relayed candidates, complete
 * ICE, and send datagrams to each other over the selected pair — so through the TURN server: each selected pair has
 * a relayed end. Which end is not asserted: a check from one agent's unadvertised host socket straight to the other's
 * relay is also a path through the server, and the other agent then learns that host address as a peer-reflexive
 * remote candidate on its relayed local one (with coturn,
 * ice4j selects relay↔relay).
 */
class TurnIce4jTest {
    private static final long ICE_TIMEOUT_SECONDS = 20;
    private static final int RECEIVE_TIMEOUT_MS = 5000;

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void agentsConnectThroughRelayedCandidatesOnly(TurnServerLauncher launcher) throws Exception {
        try (RunningTurnServer server = launcher.start();
             RelayOnlyPeer controlling = new RelayOnlyPeer("controlling", true, server.target());
             RelayOnlyPeer controlled = new RelayOnlyPeer("controlled", false, server.target())) {
            for (RelayOnlyPeer peer : new RelayOnlyPeer[] {controlling, controlled}) {
                assertThat(peer.relayedCandidates()).as("relayed candidates; %s", server.diagnostics()).isNotEmpty()
                        .allSatisfy(candidate -> assertThat(candidate.getTransportAddress().getHostAddress())
                                .isEqualTo(FreePorts.LOOPBACK));
            }
            controlling.learnRemote(controlled);
            controlled.learnRemote(controlling);
            CountDownLatch finished = new CountDownLatch(2);
            for (RelayOnlyPeer peer : new RelayOnlyPeer[] {controlling, controlled}) {
                peer.agent().addStateChangeListener(event -> {
                    if (isFinal((IceProcessingState) event.getNewValue())) {
                        finished.countDown();
                    }
                });
            }
            controlled.agent().startConnectivityEstablishment();
            controlling.agent().startConnectivityEstablishment();

            assertThat(finished.await(ICE_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("ICE finished; %s", server.diagnostics())
                    .isTrue();
            assertConnected(controlling.agent(), server);
            assertConnected(controlled.agent(), server);
            CandidatePair pairA = controlling.component().getSelectedPair();
            CandidatePair pairB = controlled.component().getSelectedPair();
            for (CandidatePair pair : new CandidatePair[] {pairA, pairB}) {
                assertThat(pair.getLocalCandidate().getType() == CandidateType.RELAYED_CANDIDATE
                        || pair.getRemoteCandidate().getType() == CandidateType.RELAYED_CANDIDATE)
                        .as("the selected pair %s has a relayed end", pair).isTrue();
            }

            assertDelivered(controlling, pairA, controlled, "from controlling".getBytes(StandardCharsets.US_ASCII));
            assertDelivered(controlled, pairB, controlling, "from controlled".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static boolean isFinal(IceProcessingState state) {
        return state == IceProcessingState.COMPLETED || state == IceProcessingState.TERMINATED
                || state == IceProcessingState.FAILED;
    }

    private static void assertConnected(Agent agent, RunningTurnServer server) {
        assertThat(agent.getState()).as("%s; %s", agent, server.diagnostics())
                .isIn(IceProcessingState.COMPLETED, IceProcessingState.TERMINATED);
    }

    private static void assertDelivered(RelayOnlyPeer sender, CandidatePair pair, RelayOnlyPeer receiver,
                                        byte[] payload) throws Exception {
        LocalCandidate local = pair.getLocalCandidate();
        DatagramSocket senderSocket = pair.getDatagramSocket();
        DatagramSocket receiverSocket = receiver.component().getSocket();
        receiverSocket.setSoTimeout(RECEIVE_TIMEOUT_MS);
        senderSocket.send(new DatagramPacket(payload, payload.length,
                pair.getRemoteCandidate().getTransportAddress()));
        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
        receiverSocket.receive(packet);
        assertThat(Arrays.copyOf(packet.getData(), packet.getLength())).as("sent from %s over %s", local, pair)
                .isEqualTo(payload);
    }
}
