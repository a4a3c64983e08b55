package io.storagesession.it.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.it.turn.RunningTurnServer;
import io.storagesession.it.turn.TurnServerLauncher;
import io.storagesession.it.turn.TurnTarget;
import io.storagesession.it.turn.TurnTargets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libwebrtc (the WebRTC stack inside Chrome, here through webrtc-java) must connect through the TURN server with
 * nothing but relay candidates and carry both data and media over it; and a peer whose TURN password is wrong must
 * not connect at all, so a passing run cannot come from some path that bypasses TURN authentication.
 */
class WebrtcJavaRelayTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final Duration REFUSAL = Duration.ofSeconds(8);
    private static final int FRAMES = 20;

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void libwebrtcPeersConnectRelayOnlyAndCarryDataAndVideoThroughTheTurnServer(TurnServerLauncher launcher)
            throws Exception {
        try (RunningTurnServer turn = launcher.start();
             JvmRelayCall call = new JvmRelayCall(turn.target(), turn.target().credentials("jvm-offerer"),
                     turn.target().credentials("jvm-answerer"))) {
            call.negotiate();
            NativeCalls.await(call.offerer.iceConnected.thenCombine(call.answerer.iceConnected, (a, b) -> b),
                    "ICE connected on both peers", CONNECT, () -> call + "\n" + turn.diagnostics());

            assertThat(call.offerer.localCandidates).as("%s", call).isNotEmpty().allMatch(c -> c.contains(" typ relay "));
            assertThat(call.answerer.localCandidates).as("%s", call).isNotEmpty().allMatch(c -> c.contains(" typ relay "));

            byte[] text = ("through " + turn.target().url()).getBytes(StandardCharsets.UTF_8);
            assertThat(call.data.roundTrip(text, false, CONNECT)).isEqualTo(text);
            byte[] binary = new byte[16 * 1024];
            ThreadLocalRandom.current().nextBytes(binary);
            assertThat(call.data.roundTrip(binary, true, CONNECT)).isEqualTo(binary);

            call.startVideo();
            await("decoded frames at the answerer").atMost(CONNECT)
                    .until(() -> call.answerer.framesReceived.get() >= FRAMES);

            for (JvmPeer peer : new JvmPeer[] {call.offerer, call.answerer}) {
                SelectedCandidatePair pair = SelectedCandidatePair.from(NativeCalls.stats(peer.pc))
                        .orElseThrow(() -> new AssertionError(peer.name + " reports no selected candidate pair"));
                assertThat(pair.localType()).as("%s local candidate of %s", peer.name, pair).isEqualTo("relay");
                assertThat(pair.remoteType()).as("%s remote candidate of %s", peer.name, pair).isEqualTo("relay");
                assertThat(pair.localAddress()).as("%s relayed address", peer.name)
                        .startsWith(turn.target().host() + ":");
                assertThat(pair.bytesSent()).as("%s bytes sent on %s", peer.name, pair).isPositive();
                assertThat(pair.bytesReceived()).as("%s bytes received on %s", peer.name, pair).isPositive();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void libwebrtcPeersWithAWrongTurnPasswordGetNoRelayCandidateAndNeverConnect(TurnServerLauncher launcher)
            throws Exception {
        try (RunningTurnServer turn = launcher.start();
             JvmRelayCall call = new JvmRelayCall(turn.target(),
                     TurnTarget.withWrongPassword(turn.target().credentials("jvm-offerer")),
                     TurnTarget.withWrongPassword(turn.target().credentials("jvm-answerer")))) {
            call.negotiate();
            NativeCalls.await(call.offerer.gatheringComplete.thenCombine(call.answerer.gatheringComplete, (a, b) -> b),
                    "candidate gathering to give up", REFUSAL, call::toString);
            Thread.sleep(REFUSAL.toMillis() / 2);

            assertThat(call.offerer.localCandidates).as("%s", call).isEmpty();
            assertThat(call.answerer.localCandidates).as("%s", call).isEmpty();
            assertThat(call.offerer.iceConnected).as("%s", call).isNotDone();
            assertThat(call.answerer.iceConnected).as("%s", call).isNotDone();
            assertThat(call.offerer.candidateErrors).as("%s", call).anyMatch(e -> e.startsWith("401 "));
        }
    }
}
