package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.storagesession.bench.turn.CoturnServer;
import io.storagesession.bench.turn.LoopbackPorts;
import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.session.RecordingJudge;
import io.storagesession.it.session.StorageChannel;
import io.storagesession.it.session.WebrtcParticipant;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.webrtc.StorageSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * The TURN server restarted under a running storage session: the server runs with coturn as its only TURN server
 * ({@code signaling.ice.external-servers}), a libwebrtc master and viewer reach it only through coturn, and coturn is
 * killed (SIGKILL) and started again at once on the same port with the same secret. Every allocation — the
 * participants' and the storage session's own relayed addresses — is gone with it. The server must close both
 * participants by ICE consent (RFC 7675: within 30 s of their last answer) and end the session, leaving nothing
 * behind; the same participants joining again, as the SDKs do after a failed connection, must get through the
 * restarted coturn, the viewer must see video again, and the recording of both sessions must read and decode.
 * Reliability suite ({@code mvn verify -Dreliability}).
 */
@Tag("reliability")
class TurnRestartTest {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    /** reference.conf's storage-session.ice.consent-timeout, plus the 200 ms the test polls at. */
    private static final Duration CONSENT = Duration.ofSeconds(31);
    private static final Duration RECORDING = Duration.ofSeconds(45);
    /** JoinStorageSession is limited to 2 calls per second per channel (KVS-WIRE.md §3). */
    private static final long QUOTA_PAUSE_MILLIS = 600;
    private static final int FRAMES = 60;
    private static final String CHANNEL = "turn-restart";
    private static final String CONSENT_EXPIRED = "kvs_storage_session_peers_closed_total{reason=\"consent-expired\"}";

    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final List<AutoCloseable> open = new ArrayList<>();
    private CustomVideoSource videoSource;
    private FramePump frames;
    private CoturnServer coturn;
    private RunningServer server;
    private StorageChannel channel;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (frames != null) {
            frames.close();
        }
        if (channel != null) {
            channel.close();
        }
        if (server != null) {
            server.close();
        }
        if (coturn != null) {
            coturn.close();
        }
        if (videoSource != null) {
            videoSource.dispose();
        }
        factory.dispose();
        audio.dispose();
    }

    @Test
    void participantsAreClosedWhenTurnDiesAndAreRecordedAgainThroughTheRestartedServer() throws Exception {
        Path turnserver = ExternalTool.require("turnserver", "apt-get install coturn");
        RecordingJudge.requireFfmpeg();
        Path dir = ReliabilityRun.directory("turn-restart");
        int port = LoopbackPorts.freeUdpAndTcp();
        coturn = CoturnServer.start(turnserver.toString(), port, Files.createDirectories(dir.resolve("coturn-1")));
        String secret = coturn.secret();
        server = new RunningServer(dir.resolve("server"), Map.of("signaling.ice.external-servers", List.of(Map.of(
                "uris", List.of("turn:127.0.0.1:" + port + "?transport=udp"), "secret", secret))));
        channel = new StorageChannel(server, CHANNEL);
        videoSource = new CustomVideoSource();
        frames = new FramePump(videoSource);
        frames.start();

        List<AutoCloseable> first = joinMasterAndViewer("first");
        Instant killed = Instant.now();
        ProcessHandle.of(coturn.pid()).orElseThrow().destroyForcibly();
        coturn.close();
        coturn = CoturnServer.start(turnserver.toString(), port, Files.createDirectories(dir.resolve("coturn-2")),
                secret);
        System.out.printf("coturn restarted %d ms after the kill%n", Duration.between(killed, Instant.now())
                .toMillis());
        await("both participants closed for lack of consent").atMost(CONSENT).pollInterval(Duration.ofMillis(200))
                .until(() -> series(CONSENT_EXPIRED) == 2);
        System.out.printf("both closed by consent %d ms after the kill%n", Duration.between(killed, Instant.now())
                .toMillis());
        await("the session ended").atMost(CONNECT).until(() -> sessions().snapshot(channel.channelArn).isEmpty());
        for (AutoCloseable c : first) {
            c.close();
        }

        Instant rejoined = Instant.now();
        joinMasterAndViewer("again");
        try (KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            await("a fragment recorded after the re-join").atMost(RECORDING).until(() -> RecordingJudge
                    .awaitFragments(archive, CHANNEL, 1, RECORDING).stream()
                    .anyMatch(f -> f.producerTimestamp().isAfter(rejoined)));
            List<Fragment> fragments = RecordingJudge.awaitFragments(archive, CHANNEL, 1, RECORDING);
            RecordingJudge.Report report = RecordingJudge.judgeStored(archive, CHANNEL, fragments,
                    Files.createDirectories(dir.resolve("judged")), false);
            System.out.printf("recording across the TURN restart: %s%n", report);
        }
    }

    /**
     * A master sending H.264 and Opus and a viewer receiving it, both through coturn, connected with video; returns
     * their peer connections and signaling sockets.
     */
    private List<AutoCloseable> joinMasterAndViewer(String round) throws Exception {
        int opened = open.size();
        List<MediaStreamTrack> masterTracks = List.of(factory.createVideoTrack("camera-" + round, videoSource),
                factory.createAudioTrack("mic-" + round, factory.createAudioSource(new AudioOptions())));
        WebrtcParticipant master = participant(null, masterTracks);
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));
        await("the master connected (" + round + ")").atMost(CONNECT).until(() -> master.iceConnected.isDone());
        WebrtcParticipant viewer = participant("viewer", List.of(factory.createAudioTrack("viewer-mic-" + round,
                factory.createAudioSource(new AudioOptions()))));
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId("viewer"));
        await("the viewer decodes the master's video (" + round + ")").atMost(CONNECT)
                .until(() -> viewer.framesDecoded.get() >= FRAMES);
        assertThat(master.statusResponses).isEmpty();
        assertThat(viewer.statusResponses).isEmpty();
        return List.copyOf(open.subList(opened, open.size()));
    }

    private WebrtcParticipant participant(String clientId, List<MediaStreamTrack> tracks) throws Exception {
        SignalingSocket socket = channel.connect(clientId);
        open.add(socket);
        WebrtcParticipant p = new WebrtcParticipant(clientId == null ? "master" : clientId, factory,
                channel.iceServers(clientId == null ? "master" : clientId), socket, tracks);
        open.add(p);
        return p;
    }

    private StorageSessions sessions() {
        return (StorageSessions) server.server.bridge();
    }

    private long series(String series) {
        return server.server.metrics().scrape().lines().filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(series.length() + 1).trim())).sum();
    }
}
