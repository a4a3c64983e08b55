package io.storagesession.it.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.bench.turn.BenchTarget;
import io.storagesession.bench.turn.ProcessCpu;
import io.storagesession.bench.turn.StepResult;
import io.storagesession.bench.turn.TurnLoadGenerator;
import io.storagesession.turn.RestCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark's own machinery against each target at a rate any server sustains on loopback: every packet reaches
 * its peer and its echo comes back, each counted once, and the server's CPU time is read. This keeps the numbers the
 * benchmark reports for the embedded server comparable with those for coturn.
 */
class TurnLoadGeneratorTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void relaysEveryPacketBothWaysAtLowRate(TurnServerLauncher launcher) throws Exception {
        try (RunningTurnServer server = launcher.start()) {
            RestCredentials credentials = server.target().credentials("bench", Duration.ofMinutes(10));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            TurnLoadGenerator.Options options =
                    new TurnLoadGenerator.Options(8, new double[] {1000}, 1200, 0.3, 1.0, 0.5, false);
            BenchTarget target = new BenchTarget(server.target().name(), server.target().udpAddress(),
                    credentials.username(), credentials.password(), server.pid());
            double serverCpuBefore = server.pid().isPresent() ? ProcessCpu.seconds(server.pid().getAsLong()) : 0;
            List<StepResult> results = new TurnLoadGenerator(options, List.of(target),
                    new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

            StepResult step = results.get(0);
            String evidence = printed.toString(StandardCharsets.UTF_8) + "\n" + server.diagnostics();
            assertThat(results).as(evidence).hasSize(1);
            // how many go out in the window depends on the machine's load, so it is only required that some did
            assertThat(step.sent()).as("sent in the measured window; %s", evidence).isPositive();
            assertThat(step.errors()).as("send and receive errors; %s", evidence).isZero();
            assertThat(step.peerReceived()).as("reached the peers; %s", evidence).isEqualTo(step.sent());
            assertThat(step.clientReceived()).as("echoes back; %s", evidence).isEqualTo(step.sent());
            assertThat(step.roundTrip().count()).as("round trips timed; %s", evidence).isEqualTo(step.sent());
            assertThat(step.relayed()).isEqualTo(2 * step.sent());
            if (server.pid().isPresent()) {
                // the server's, read at the window's edges: part of what it used during the whole run
                double serverCpuInRun = ProcessCpu.seconds(server.pid().getAsLong()) - serverCpuBefore;
                assertThat(step.serverCpuSeconds()).as("server CPU time read (10 ms ticks); %s", evidence)
                        .isFinite().isBetween(0.0, serverCpuInRun);
            }
        }
    }
}
