package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import io.storagesession.it.camera.KvsCSdkCamera;
import io.storagesession.it.session.RecordingJudge;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * The server's wall clock stepped by +1 h and −1 h (and back) while the KVS C SDK camera records through it
 * ({@link SteppedWallClock}: libfaketime, the monotonic clock left alone, as an NTP step does). Through every step:
 * the server stays up, the camera's session is never closed or re-joined (one DTLS connection for the whole run),
 * fragments keep being PERSISTED in every phase, and the recording's fragments — in the order they were ingested —
 * have increasing producer timestamps and cluster timecodes, and read and decode ({@link RecordingJudge}). The API
 * calls of the test itself are made while the clock is right (SigV4 refuses a 1 h skew, as KVS does).
 */
@Tag("reliability")
class ServerClockStepTest {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("clock.phase-seconds", 20));
    private static final List<String> STEPS = List.of("+1h", "+0", "-1h", "+0");
    private static final String CHANNEL = "stepped-clock";

    @BeforeAll
    static void prerequisites() {
        KvsCSdkCamera.requireCameraRun();
        SteppedWallClock.require();
    }

    @Test
    void aRecordingSessionRidesThroughWallClockStepsOfAnHourEachWay() throws Exception {
        Path dir = ReliabilityRun.directory("clock-step");
        SteppedWallClock clock = new SteppedWallClock(dir);
        Path cameraLog = dir.resolve("camera.log");
        try (PackagedServer server = PackagedServer.camera(dir.resolve("server"), clock.environment())) {
            server.createStorageChannel(CHANNEL);
            try (KvsCSdkCamera camera = KvsCSdkCamera.start(CHANNEL, server.credentials(), server.certificate(),
                    cameraLog)) {
                server.awaitLine(CONNECT, l -> l.contains("master of channel " + CHANNEL + ": connected"),
                        "the camera's DTLS connection; camera log:\n" + KvsCSdkCamera.readLog(cameraLog));
                Thread.sleep(PHASE.toMillis());
                for (String step : STEPS) {
                    long persisted = persisted(server);
                    clock.step(step);
                    Thread.sleep(PHASE.toMillis());
                    long after = persisted(server);
                    System.out.printf("wall clock %s for %d s: %d fragments PERSISTED (%d before)%n", step,
                            PHASE.toSeconds(), after - persisted, persisted);
                    assertThat(server.isAlive()).as(server.log()).isTrue();
                    assertThat(camera.alive()).as(KvsCSdkCamera.readLog(cameraLog)).isTrue();
                    assertThat(after).as("fragments PERSISTED with the wall clock at %s", step).isGreaterThan(
                            persisted);
                }
                assertThat(server.log().lines().filter(l -> l.contains("master of channel " + CHANNEL)
                        && l.contains(": connected"))).as("the camera connected once, never re-joined").hasSize(1);
                assertThat(server.log().lines().filter(l -> l.contains("channel " + CHANNEL)
                        && l.contains("clos"))).as("nothing of the session closed").isEmpty();
            }
            judge(server, dir);
        }
    }

    /** Fragments in ingest order: producer timestamps increase, every fragment reads and decodes. */
    private static void judge(PackagedServer server, Path dir) throws Exception {
        try (KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            List<Fragment> fragments = archive.listFragments(b -> b.streamName(CHANNEL).maxResults(1000L)
                    .fragmentSelector(s -> s.fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                            .timestampRange(r -> r.startTimestamp(Instant.EPOCH)
                                    .endTimestamp(Instant.now().plus(Duration.ofHours(2))))))
                    .fragments().stream().sorted(Comparator.comparing(f -> new BigInteger(f.fragmentNumber())))
                    .toList();
            for (int i = 1; i < fragments.size(); i++) {
                assertThat(fragments.get(i).producerTimestamp()).as("fragment %d of %s", i, fragments)
                        .isAfter(fragments.get(i - 1).producerTimestamp());
            }
            RecordingJudge.Report report = RecordingJudge.judgeStored(archive, CHANNEL, fragments,
                    Files.createDirectories(dir.resolve("judged")), false);
            System.out.printf("%d fragments through the steps, in order and decoded: %s%n", fragments.size(), report);
        }
    }

    private static long persisted(PackagedServer server) throws Exception {
        return server.counter("kvs_put_media_events_total{event=\"persisted\"}");
    }
}
