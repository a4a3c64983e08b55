package io.storagesession.it.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.turn.RestCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * coturn's own test clients against each TURN server under test: {@code turnutils_uclient} relays 1200-byte
 * messages to a {@code turnutils_peer} echo server or between pairs of its own clients ({@code -y}), over UDP and
 * TCP, with REST credentials; every message must come back (0 lost). Bad credentials — a wrong password, a REST
 * username whose expiry has passed — must get no allocation.
 */
class TurnutilsClientTest {
    private static final int MESSAGES = 50;
    private static final int CLIENTS = 4;
    private static final long TIMEOUT_SECONDS = 60;

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void udpClientsRelayToPeerWithoutLoss(TurnServerLauncher launcher, @TempDir Path dir) throws Exception {
        assertClientToPeerLossless(launcher, dir, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void tcpClientsRelayToPeerWithoutLoss(TurnServerLauncher launcher, @TempDir Path dir) throws Exception {
        assertClientToPeerLossless(launcher, dir, List.of("-t"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void udpClientsRelayToEachOtherWithoutLoss(TurnServerLauncher launcher, @TempDir Path dir) throws Exception {
        assertClientToClientLossless(launcher, dir, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void tcpClientsRelayToEachOtherWithoutLoss(TurnServerLauncher launcher, @TempDir Path dir) throws Exception {
        assertClientToClientLossless(launcher, dir, List.of("-t"));
    }

    /** The helper's REST credentials work, so the two refusals below are about the password and the expiry. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void restCredentialsComputedHereAreAccepted(TurnServerLauncher launcher, @TempDir Path dir) throws Exception {
        try (RunningTurnServer server = launcher.start(); TurnutilsPeer peer = TurnutilsPeer.start(dir)) {
            RestCredentials credentials = server.target().credentials("alice", Duration.ofMinutes(10));
            ProcessOutput run = uclient(server, dir, explicitCredentials(credentials, peer));
            assertLossless(run, 1, server);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void wrongPasswordGetsNoAllocation(TurnServerLauncher launcher, @TempDir Path dir) throws Exception {
        try (RunningTurnServer server = launcher.start(); TurnutilsPeer peer = TurnutilsPeer.start(dir)) {
            RestCredentials valid = server.target().credentials("alice", Duration.ofMinutes(10));
            RestCredentials wrong = TurnTarget.withWrongPassword(valid);
            assertRefused(uclient(server, dir, explicitCredentials(wrong, peer)), server);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TurnTargets.SERVERS_UNDER_TEST)
    void expiredRestUsernameGetsNoAllocation(TurnServerLauncher launcher, @TempDir Path dir) throws Exception {
        try (RunningTurnServer server = launcher.start(); TurnutilsPeer peer = TurnutilsPeer.start(dir)) {
            RestCredentials expired = server.target().credentials("alice", Duration.ofMinutes(-1));
            assertRefused(uclient(server, dir, explicitCredentials(expired, peer)), server);
        }
    }

    private static void assertClientToPeerLossless(TurnServerLauncher launcher, Path dir, List<String> transport)
            throws Exception {
        try (RunningTurnServer server = launcher.start(); TurnutilsPeer peer = TurnutilsPeer.start(dir)) {
            List<String> flags = new ArrayList<>(transport);
            flags.addAll(secretCredentials(server));
            flags.addAll(List.of("-e", FreePorts.LOOPBACK, "-r", Integer.toString(peer.port()),
                    "-m", Integer.toString(CLIENTS)));
            assertLossless(uclient(server, dir, flags), CLIENTS, server);
        }
    }

    private static void assertClientToClientLossless(TurnServerLauncher launcher, Path dir, List<String> transport)
            throws Exception {
        try (RunningTurnServer server = launcher.start()) {
            List<String> flags = new ArrayList<>(transport);
            flags.addAll(secretCredentials(server));
            flags.addAll(List.of("-y", "-m", Integer.toString(CLIENTS)));
            assertLossless(uclient(server, dir, flags), CLIENTS, server);
        }
    }

    /** {@code -W}: the tool derives REST credentials from the secret itself, an independent check of the server's. */
    private static List<String> secretCredentials(RunningTurnServer server) {
        return List.of("-W", server.target().sharedSecret(), "-u", "alice");
    }

    private static List<String> explicitCredentials(RestCredentials credentials, TurnutilsPeer peer) {
        return List.of("-u", credentials.username(), "-w", credentials.password(),
                "-e", FreePorts.LOOPBACK, "-r", Integer.toString(peer.port()));
    }

    /** 1200-byte messages, 5 ms apart, no RTCP socket, to the target's UDP or (with -t) TCP port. */
    private static ProcessOutput uclient(RunningTurnServer server, Path dir, List<String> flags) throws Exception {
        Path executable = RequiredProgram.require("turnutils_uclient", RequiredProgram.COTURN_HINT);
        TurnTarget target = server.target();
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-c", "-l", "1200",
                "-n", Integer.toString(MESSAGES), "-z", "5"));
        command.addAll(flags);
        int port = flags.contains("-t") ? target.tcpPort() : target.udpPort();
        command.addAll(List.of("-p", Integer.toString(port), target.host()));
        return ProcessOutput.run(command, dir.resolve("uclient.log"), TIMEOUT_SECONDS);
    }

    private static void assertLossless(ProcessOutput run, int clients, RunningTurnServer server) {
        UclientReport report = UclientReport.parse(run.output());
        String evidence = run.describe() + "\n" + server.diagnostics();
        long expected = (long) MESSAGES * clients;
        assertThat(run.exitCode()).as("exit code; %s", evidence).isZero();
        assertThat(report.allocationFailed()).as("allocation failed; %s", evidence).isFalse();
        assertThat(report.sent()).as("messages sent; %s", evidence).isEqualTo(OptionalLong.of(expected));
        assertThat(report.received()).as("messages received; %s", evidence).isEqualTo(OptionalLong.of(expected));
        assertThat(report.lost()).as("lost packets; %s", evidence).isEqualTo(OptionalLong.of(0));
        assertThat(report.sendDropped()).as("send dropped; %s", evidence).isEqualTo(OptionalLong.of(0));
    }

    private static void assertRefused(ProcessOutput run, RunningTurnServer server) {
        UclientReport report = UclientReport.parse(run.output());
        String evidence = run.describe() + "\n" + server.diagnostics();
        assertThat(report.allocationFailed()).as("'%s' expected; %s", UclientReport.ALLOCATION_FAILURE, evidence)
                .isTrue();
        assertThat(run.exitCode()).as("exit code; %s", evidence).isNotIn(0, -1);
        assertThat(report.sent()).as("nothing may be relayed; %s", evidence).isEmpty();
    }
}
