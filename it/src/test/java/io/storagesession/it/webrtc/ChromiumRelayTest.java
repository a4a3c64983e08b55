package io.storagesession.it.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.turn.RunningTurnServer;
import io.storagesession.it.turn.TurnServerLauncher;
import io.storagesession.it.turn.TurnTarget;
import io.storagesession.it.turn.TurnTargets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headless Chromium, the browser KVS viewers actually run, must connect through the TURN server with nothing but
 * relay candidates and carry data and its fake camera's video over it; with a wrong TURN password it must get no
 * candidate, be refused with 401, and never connect. The page is driven by {@code it/js/relay-peers.js}.
 */
class ChromiumRelayTest {
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final Duration REFUSAL = Duration.ofSeconds(6);
    private static final int FRAMES = 20;

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void chromiumPeersConnectRelayOnlyAndCarryDataAndVideoThroughTheTurnServer(TurnServerLauncher launcher)
            throws Exception {
        Path node = ChromiumRelayPeers.requireInstalled();
        try (RunningTurnServer turn = launcher.start()) {
            JsonObject result = ChromiumRelayPeers.run(node, turn.target(), turn.target().credentials("chromium"), STEP);
            String why = result.encodePrettily() + "\n" + turn.diagnostics();

            assertThat(result.getBoolean("connected")).as(why).isTrue();
            for (String peer : new String[] {"offerer", "answerer"}) {
                JsonArray candidates = result.getJsonObject("candidates").getJsonArray(peer);
                assertThat(candidates).as(why).isNotEmpty().allMatch(c -> c.toString().contains(" typ relay "));
                JsonObject pair = result.getJsonObject("selectedPairs").getJsonObject(peer);
                assertThat(pair).as("%s has a selected candidate pair: %s", peer, why).isNotNull();
                assertThat(pair.getString("localType")).as(why).isEqualTo("relay");
                assertThat(pair.getString("remoteType")).as(why).isEqualTo("relay");
                assertThat(pair.getString("localAddress")).as(why).startsWith(turn.target().host() + ":");
                assertThat(pair.getLong("bytesSent")).as(why).isPositive();
                assertThat(pair.getLong("bytesReceived")).as(why).isPositive();
            }
            assertThat(result.getJsonObject("echo").getBoolean("text")).as(why).isTrue();
            assertThat(result.getJsonObject("echo").getBoolean("binary")).as(why).isTrue();
            assertThat(result.getInteger("framesDecoded")).as(why).isGreaterThanOrEqualTo(FRAMES);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void chromiumPeersWithAWrongTurnPasswordAreRefusedAndNeverConnect(TurnServerLauncher launcher)
            throws Exception {
        Path node = ChromiumRelayPeers.requireInstalled();
        try (RunningTurnServer turn = launcher.start()) {
            JsonObject result = ChromiumRelayPeers.run(node, turn.target(),
                    TurnTarget.withWrongPassword(turn.target().credentials("chromium")), REFUSAL);
            String why = result.encodePrettily() + "\n" + turn.diagnostics();

            assertThat(result.getBoolean("connected")).as(why).isFalse();
            assertThat(result.getJsonObject("candidates").getJsonArray("offerer")).as(why).isEmpty();
            assertThat(result.getJsonObject("candidates").getJsonArray("answerer")).as(why).isEmpty();
            assertThat(result.getJsonArray("candidateErrors").stream().map(JsonObject.class::cast))
                    .as(why).anyMatch(e -> e.getInteger("errorCode") == 401);
        }
    }
}
