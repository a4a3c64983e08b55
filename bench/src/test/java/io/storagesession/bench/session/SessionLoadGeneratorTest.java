package io.storagesession.bench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.server.StorageSessionServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator against the real server in this JVM (embedded TURN, local store): two complete sessions (a master and
 * three viewers each) for a few seconds. Every participant connects through TURN, ICE and DTLS; viewers receive the
 * master's video without loss and (nearly) without freezes; and what the generator says it sent is what the server's {@code /metrics}
 * says it received, participants joined and fragments recorded.
 */
class SessionLoadGeneratorTest {
    private static final int SESSIONS = 2;
    private static final int PARTICIPANTS_PER_SESSION = 4;
    /** Packets in flight when senders pause, or dropped on a loaded machine: far below one second's worth. */
    private static final double COUNT_TOLERANCE = 0.005;
    private static final int VIEWERS_PER_SESSION = 3;
    /**
     * Frozen time allowed, as a share of the time watched. On an idle machine there is none; on the shared two-core
     * build machine another load (a build, another load test) has starved the server for one ~100 ms frame gap now and
     * then, which this still catches if it became a habit.
     */
    private static final double MAX_FREEZE_SHARE = 0.01;

    @TempDir
    Path dataDir;
    @TempDir
    Path out;

    private StorageSessionServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The generator's video is encoded by ffmpeg (libx264): skip without it, or fail under -Dexternal.required. */
    private static void requireFfmpeg() {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "ffmpeg")));
        if (found) {
            return;
        }
        String message = "ffmpeg (with libx264) is not installed: apt-get install ffmpeg";
        if (Boolean.getBoolean("external.required")) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    @Test
    void twoSessionsConnectCarryVideoWithoutLossAndMatchTheServersCounts() throws Exception {
        requireFfmpeg();
        server = StorageSessionServer.start(ConfigFactory.parseMap(Map.of("server.http-port", 0, "server.host",
                "127.0.0.1", "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0))
                .withFallback(ConfigFactory.defaultReference()).resolve());
        AccessKey key = server.credentials().keys().get(0);
        LoadSettings settings = LoadSettings.parse(new String[] {
            "--endpoint", server.publicUrl(), "--access-key-id", key.accessKeyId(),
            "--secret-access-key", key.secretAccessKey(), "--steps", Integer.toString(SESSIONS),
            "--warmup", "2s", "--hold", "6s", "--server-pid", Long.toString(ProcessHandle.current().pid()),
            "--heap", "false", "--json", out.resolve("load.json").toString(),
            "--media-cache", Path.of("target", "load-media").toString(), "--clip-seconds", "10"});

        LoadReport report = new SessionLoadGenerator(settings).run();
        System.out.print(report.table());
        System.out.println(report);

        assertThat(report.failures()).isEmpty();
        assertThat(report.participantsConnected()).isEqualTo(SESSIONS * PARTICIPANTS_PER_SESSION);
        StepResult step = report.steps().get(0);
        assertThat(step.viewers().videoPackets()).isGreaterThan(1_000);
        assertThat(step.viewers().lossPercent()).isLessThanOrEqualTo(0.1);
        assertThat(step.viewers().freezeMillis()).isLessThanOrEqualTo(
                (long) (MAX_FREEZE_SHARE * step.seconds() * 1000 * VIEWERS_PER_SESSION * SESSIONS));
        assertThat(step.viewers().audioReceived()).isPositive();
        assertThat(step.firstMediaP95()).isPositive();

        assertThat(report.connectedObserved()).isEqualTo(SESSIONS * PARTICIPANTS_PER_SESSION);
        assertThat(report.serverPacketsFromMasters()).isCloseTo(report.sentByMasters().srtpSent(),
                within(COUNT_TOLERANCE * report.sentByMasters().srtpSent()));
        assertThat(report.serverPacketsFromViewers()).isCloseTo(report.sentByViewers().srtpSent(),
                within(COUNT_TOLERANCE * report.sentByViewers().srtpSent()));
        assertThat(report.fragmentsPersisted()).isPositive();
        assertThat(report.peersLeft()).isZero();
    }
}
