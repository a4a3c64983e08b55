package io.storagesession.it.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import io.storagesession.it.session.RecordingJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ContainerFormat;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * A real camera (issue 13): the official KVS WebRTC C SDK's master sample records through the server run as the
 * README's "Cameras" section says — HTTPS, WSS and TURN over TLS on port 443, public URL {@code https://localhost}.
 * The sample runs for {@link #CAMERA_RUN} and is then killed (SIGKILL, no close_notify), as a camera losing power.
 * Then: the server closes the vanished master by ICE consent (RFC 7675) within 30 s; the recording's fragments cover
 * at least 90 % of the time from DTLS connected to the kill; the first fragment begins within 0.5 s of the first
 * keyframe; and the recording plays as HLS with ffmpeg silent. Once with the TURN servers the server advertises (UDP
 * and TLS), once with UDP TURN withheld, so the whole session runs over TURN/TLS on 443.
 */
class KvsCSdkCameraTest {
    private static final Duration CAMERA_RUN = Duration.ofSeconds(22);
    /** RFC 7675 §5.1: consent expires 30 s after the last response; allow the last upload a few seconds more. */
    private static final Duration CONSENT_AND_UPLOAD = Duration.ofSeconds(40);
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final double MIN_COVERAGE = 0.9;
    private static final long MAX_START_AFTER_KEYFRAME_MILLIS = 500;
    private static final long CONSENT_MILLIS = 30_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        KvsCSdkCamera.requireCameraRun();
    }

    @Test
    void theCSdkMasterSampleIsRecordedFromItsFirstKeyframeUntilItLosesPower() throws Exception {
        try (PackagedServer server = PackagedServer.camera(dir.resolve("server"))) {
            recordAndJudge(server, "front-door");
        }
    }

    @Test
    void withoutUdpTurnTheCameraRecordsOverTurnTlsOnPort443() throws Exception {
        // Only turns: is advertised, and the camera's host candidates are not paired: its one path is its own TURN
        // allocation over TLS on 443, relay to relay.
        try (PackagedServer server = PackagedServer.camera(dir.resolve("server"), "server.turn.advertise-udp=false",
                "storage-session.ice.host-candidates=false")) {
            recordAndJudge(server, "no-udp-door");
            String camera = KvsCSdkCamera.readLog(cameraLog("no-udp-door"));
            assertThat(camera).as("the SDK's own account of its TURN connection").contains("[TLS handshake time]");
            assertThat(camera).as("the pair the SDK selected").containsPattern(
                    "Selected pair \\S+, local candidate type: relay\\. remote candidate type: relay");
        }
    }

    /** Kept under target/ for a failed run's post-mortem: the SDK logs every ICE, TLS and DTLS step. */
    private static Path cameraLog(String channel) throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "camera-logs")).resolve(channel + ".log");
    }

    private void recordAndJudge(PackagedServer server, String channel) throws Exception {
        server.createStorageChannel(channel);
        Path cameraLog = cameraLog(channel);
        long killedAt;
        try (KvsCSdkCamera camera = KvsCSdkCamera.start(channel, server.credentials(), server.certificate(),
                cameraLog)) {
            server.awaitLine(CONNECT, l -> l.contains("master of channel " + channel + ": connected"),
                    "the camera's DTLS connection; camera log:\n" + KvsCSdkCamera.readLog(cameraLog));
            Thread.sleep(CAMERA_RUN.toMillis());
            assertThat(camera.alive()).as(KvsCSdkCamera.readLog(cameraLog)).isTrue();
            killedAt = System.currentTimeMillis();
            camera.kill();
        }
        PackagedServer.Line connected = server.line(l -> l.contains("master of channel " + channel + ": connected"))
                .orElseThrow();
        PackagedServer.Line keyframe = server.awaitLine(Duration.ZERO.plusSeconds(1),
                l -> l.contains("recording channel " + channel + ": first keyframe"), "the first keyframe");
        PackagedServer.Line closed = server.awaitLine(CONSENT_AND_UPLOAD,
                l -> l.contains("master of channel " + channel) && l.contains("consent"), "the consent expiry");
        assertThat(closed.atMillis() - killedAt).as("closed by consent freshness").isLessThanOrEqualTo(CONSENT_MILLIS
                + 2_000);
        server.awaitLine(CONSENT_AND_UPLOAD, l -> l.contains("recording of") && l.contains("complete"),
                "the recording's last fragment persisted");

        try (KinesisVideoArchivedMediaClient archive = KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(RunningServer.http()).endpointOverride(server.http("")).region(Region.US_WEST_2)
                .credentialsProvider(server.credentialsProvider()).build()) {
            List<Fragment> fragments = archive.listFragments(b -> b.streamName(channel).fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP).timestampRange(r -> r
                            .startTimestamp(Instant.ofEpochMilli(connected.atMillis() - 60_000))
                            .endTimestamp(Instant.ofEpochMilli(killedAt + 60_000))))).fragments().stream()
                    .sorted(Comparator.comparing(Fragment::producerTimestamp)).toList();
            assertThat(fragments).as(server.log()).isNotEmpty();
            // The part of [DTLS connected, power-off] that fragments cover. (After power-off the session's mix goes on
            // until consent closes the master, so the last fragment may carry audio beyond it; that is not counted.)
            long connectedFor = killedAt - connected.atMillis();
            long recorded = fragments.stream().mapToLong(f -> Math.max(0, Math.min(killedAt,
                    f.producerTimestamp().toEpochMilli() + f.fragmentLengthInMilliseconds())
                    - Math.max(connected.atMillis(), f.producerTimestamp().toEpochMilli()))).sum();
            assertThat((double) recorded / connectedFor).as("share of %d ms from DTLS connected to the kill recorded "
                    + "in %s", connectedFor, fragments).isGreaterThanOrEqualTo(MIN_COVERAGE);
            long firstStart = fragments.get(0).producerTimestamp().toEpochMilli();
            System.out.printf("camera %s: %d fragments, %d of %d ms from DTLS connected to power-off recorded "
                    + "(%.1f %%); first fragment %+d ms from the first keyframe's arrival, %d ms after DTLS; closed by "
                    + "consent %d ms after power-off%n", channel, fragments.size(), recorded, connectedFor,
                    100.0 * recorded / connectedFor, firstStart - keyframe.atMillis(),
                    firstStart - connected.atMillis(), closed.atMillis() - killedAt);
            assertThat(firstStart - keyframe.atMillis()).as("first fragment against the first keyframe's arrival")
                    .isBetween(-MAX_START_AFTER_KEYFRAME_MILLIS, MAX_START_AFTER_KEYFRAME_MILLIS);

            String hls = archive.getHLSStreamingSessionURL(b -> b.streamName(channel)
                    .playbackMode(HLSPlaybackMode.ON_DEMAND).containerFormat(ContainerFormat.FRAGMENTED_MP4)
                    .hlsFragmentSelector(s -> s.fragmentSelectorType(HLSFragmentSelectorType.PRODUCER_TIMESTAMP)
                            .timestampRange(r -> r.startTimestamp(Instant.ofEpochMilli(firstStart - 1_000))
                                    .endTimestamp(Instant.ofEpochMilli(killedAt + 60_000)))))
                    .hlsStreamingSessionURL();
            RecordingJudge.Playback playback = RecordingJudge.playHls(hls);
            assertThat(playback.codecs()).containsOnly("h264", "opus").contains("h264", "opus");
            assertThat(playback.seconds()).isGreaterThan(MIN_COVERAGE * connectedFor / 1000.0 - 1);
        }
    }
}
