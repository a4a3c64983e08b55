package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import io.storagesession.it.camera.KvsCSdkCamera;
import io.storagesession.it.session.RecordingJudge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;

/**
 * A power cut of the server while a real camera records: the official KVS C SDK's master sample records through the
 * packaged server; the server is killed with SIGKILL at a random moment of an upload and started again on the same
 * data dir and ports. Then:
 * <ul>
 *   <li>every fragment the store had acknowledged PERSISTED before the kill (at least the count the recorder's
 *   {@code persisted} counter showed just before it, and each fragment ListFragments returned then) is listed, and
 *   reads back byte for byte as it read before the kill;</li>
 *   <li>no fragment is torn: every fragment listed at the end is read by AWS's MKV parser (each cluster starts with
 *   a keyframe, cluster and frame timecodes increase across all the recordings in the stream) and decoded by ffmpeg
 *   on its own ({@link RecordingJudge#judgeIntegrity});</li>
 *   <li>the camera re-joins by itself (the SDK reconnects its signaling and calls JoinStorageSession again) and is
 *   recorded again; the recording resumes at most {@link #RESUME_AFTER_REJOIN} after that re-join, so the gap the
 *   restart leaves is the camera's own re-join time plus at most that.</li>
 * </ul>
 * Reliability suite ({@code mvn verify -Dreliability}); the kills are {@code kill.rounds} (default 3).
 */
@Tag("reliability")
class ServerKillTest {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    /** The SDK notices a dead peer by ICE (its own timeouts) and re-joins; allow it a generous while. */
    private static final Duration REJOIN = Duration.ofSeconds(120);
    private static final Duration RESUME_AFTER_REJOIN = Duration.ofSeconds(2);
    private static final Duration RECORD_BEFORE_KILL = Duration.ofSeconds(12);
    /** The kill lands at a random moment within one fragment after the recording period. */
    private static final long KILL_JITTER_MILLIS = 2_000;
    private static final int ROUNDS = Integer.getInteger("kill.rounds", 3);
    private static final String CHANNEL = "power-cut";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String PERSISTED = "kvs_put_media_events_total{event=\"persisted\"}";

    private Path dir;

    @BeforeAll
    static void prerequisites() {
        KvsCSdkCamera.requireCameraRun();
    }

    /** The server process now running: each kill replaces it. */
    private PackagedServer server;
    /** Fragments the store listed before some kill, as they read then. */
    private final Map<String, byte[]> acknowledged = new LinkedHashMap<>();
    private long lastKilledAt;

    @Test
    void persistedFragmentsSurviveSigkillAndTheCameraIsRecordedAgainAfterItsRejoin() throws Exception {
        dir = ReliabilityRun.directory("server-kill");
        server = PackagedServer.camera(dir.resolve("server"));
        Path cameraLog = dir.resolve("camera.log");
        try {
            server.createStorageChannel(CHANNEL);
            try (KvsCSdkCamera camera = KvsCSdkCamera.start(CHANNEL, server.credentials(), server.certificate(),
                    cameraLog)) {
                awaitConnected(cameraLog, CONNECT, 0);
                for (int round = 1; round <= ROUNDS; round++) {
                    Thread.sleep(RECORD_BEFORE_KILL.toMillis()
                            + ThreadLocalRandom.current().nextLong(KILL_JITTER_MILLIS));
                    killAndRestart(round, cameraLog);
                    assertThat(camera.alive()).as(KvsCSdkCamera.readLog(cameraLog)).isTrue();
                }
            }
            judgeEveryFragment();
        } finally {
            server.close();
        }
    }

    /** One power cut: what was PERSISTED before it is there after it, and the camera is recorded again. */
    private void killAndRestart(int round, Path cameraLog) throws Exception {
        long persistedCount = server.counter(PERSISTED);
        List<Fragment> before = listed();
        for (Fragment f : before) {
            acknowledged.computeIfAbsent(f.fragmentNumber(), this::read);
        }
        long killedAt = System.currentTimeMillis();
        server.kill();
        server = server.restart();
        long upAt = System.currentTimeMillis();

        List<Fragment> after = listed();
        assertThat(after.stream().map(Fragment::fragmentNumber)).as("fragments listed before kill %d", round)
                .containsAll(acknowledged.keySet());
        assertThat(after.stream().filter(f -> f.serverTimestamp().toEpochMilli() > lastKilledAt
                && f.serverTimestamp().toEpochMilli() < killedAt).count())
                .as("fragments the killed process received, against the PERSISTED acknowledgements it counted")
                .isGreaterThanOrEqualTo(persistedCount);
        for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
            assertThat(read(e.getKey())).as("fragment %s after kill %d", e.getKey(), round).isEqualTo(e.getValue());
        }

        long rejoinedAt = awaitConnected(cameraLog, REJOIN, round);
        Fragment resumed = awaitFragmentAfter(killedAt);
        long resumeMillis = resumed.producerTimestamp().toEpochMilli() - rejoinedAt;
        System.out.printf("kill %d: %d fragments PERSISTED before it (%d counted by the killed process), all listed "
                + "and identical after the restart; server up %d ms after the kill, camera re-joined %d ms after "
                + "that, recording resumed %+d ms from the re-join%n", round, before.size(), persistedCount,
                upAt - killedAt, rejoinedAt - upAt, resumeMillis);
        assertThat(resumeMillis).as("recording resumed after the camera's re-join")
                .isLessThanOrEqualTo(RESUME_AFTER_REJOIN.toMillis());
        lastKilledAt = killedAt;
    }

    /** Waits for the camera's DTLS connection in this server process's log; returns when it was read (Unix ms). */
    private long awaitConnected(Path cameraLog, Duration atMost, int round) throws Exception {
        return server.awaitLine(atMost, l -> l.contains("master of channel " + CHANNEL + ": connected"),
                "the camera connected (round " + round + "); camera log:\n" + KvsCSdkCamera.readLog(cameraLog))
                .atMillis();
    }

    /** The first fragment whose media began after {@code killedAt}, once the store lists one. */
    private Fragment awaitFragmentAfter(long killedAt) {
        List<Fragment> resumed = new ArrayList<>();
        Awaitility.await("a fragment recorded after the restart").atMost(REJOIN).pollInterval(POLL).until(() -> {
            resumed.clear();
            listed().stream().filter(f -> f.producerTimestamp().toEpochMilli() > killedAt).forEach(resumed::add);
            return !resumed.isEmpty();
        });
        return resumed.get(0);
    }

    /** Every fragment listed, read one by one and as one stream: AWS's parser and ffmpeg find none torn. */
    private void judgeEveryFragment() throws Exception {
        try (KinesisVideoArchivedMediaClient archive = archive()) {
            List<Fragment> all = listed();
            RecordingJudge.Report report = RecordingJudge.judgeStored(archive, CHANNEL, all,
                    Files.createDirectories(dir.resolve("judged")), false);
            System.out.printf("%d fragments over %d kills, all read and decoded: %s%n", all.size(), ROUNDS, report);
        }
    }

    private List<Fragment> listed() throws IOException {
        try (KinesisVideoArchivedMediaClient archive = archive()) {
            return archive.listFragments(b -> b.streamName(CHANNEL).maxResults(1000L).fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP).timestampRange(r -> r
                            .startTimestamp(Instant.EPOCH).endTimestamp(Instant.now().plusSeconds(60)))))
                    .fragments().stream().sorted(Comparator.comparing(Fragment::producerTimestamp)).toList();
        }
    }

    private byte[] read(String fragmentNumber) {
        try (KinesisVideoArchivedMediaClient archive = archive()) {
            return archive.getMediaForFragmentList(b -> b.streamName(CHANNEL).fragments(fragmentNumber),
                    ResponseTransformer.toBytes()).asByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KinesisVideoArchivedMediaClient archive() throws IOException {
        return server.client(KinesisVideoArchivedMediaClient.builder().httpClientBuilder(RunningServer.http()));
    }
}
