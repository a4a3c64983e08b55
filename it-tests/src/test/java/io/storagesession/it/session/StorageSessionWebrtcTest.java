package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.storagesession.bench.turn.CoturnServer;
import io.storagesession.bench.turn.LoopbackPorts;
import io.storagesession.it.ExternalTool;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.session.PeerSnapshot;
import io.storagesession.session.StorageSessions;
import io.storagesession.session.media.ParticipantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.ClientLimitExceededException;

/**
 * The storage session against libwebrtc (webrtc-java) participants through the embedded TURN server, on the path the
 * KVS SDKs take: a master joins and sends H.264 and Opus that the server receives (SPS and IDR seen), three viewers
 * connect and decode the master's video forwarded by the server, a fourth is refused with the phrase the JS SDK looks for, and a departed viewer's slot is kept for the
 * same clientId.
 */
class StorageSessionWebrtcTest {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    /** JoinStorageSession is limited to 2 calls per second per channel (KVS-WIRE.md §3). */
    private static final long QUOTA_PAUSE_MILLIS = 600;
    /** Decoded frames a viewer must show: a couple of seconds of the master's 15 fps. */
    private static final int FRAMES = 30;

    @TempDir
    Path dataDir;

    private RunningServer server;
    private StorageChannel channel;
    private final HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
    private PeerConnectionFactory factory;
    private final List<AutoCloseable> open = new ArrayList<>();
    private CustomVideoSource videoSource;
    private FramePump frames;

    private CoturnServer coturn;

    @BeforeEach
    void start() {
        factory = new PeerConnectionFactory(audio);
    }

    private void startServer(Map<String, Object> overrides) throws Exception {
        server = new RunningServer(dataDir, overrides);
        channel = new StorageChannel(server, "front-door");
    }

    @AfterEach
    void stop() throws Exception {
        if (frames != null) {
            frames.close();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (server != null) {
            server.close();
            channel.close();
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

    private StorageSessions sessions() {
        return (StorageSessions) server.server.bridge();
    }

    private Optional<PeerSnapshot> peer(ParticipantId id) throws Exception {
        return sessions().snapshot(channel.channelArn).stream().filter(p -> p.participant().equals(id)).findFirst();
    }

    private WebrtcParticipant participant(String clientId, List<dev.onvoid.webrtc.media.MediaStreamTrack> tracks)
            throws Exception {
        SignalingSocket socket = channel.connect(clientId);
        open.add(socket);
        WebrtcParticipant p = new WebrtcParticipant(clientId == null ? "master" : clientId, factory,
                channel.iceServers(clientId == null ? "master" : clientId), socket, tracks);
        open.add(p);
        return p;
    }

    private AudioTrack audioTrack(String id) {
        return factory.createAudioTrack(id, factory.createAudioSource(new AudioOptions()));
    }

    @Test
    void masterSendsH264AndOpusThreeViewersConnectAFourthIsRefusedAndASlotIsKept() throws Exception {
        startServer(Map.of("storage-session.limits.viewer-idle-timeout", "5s"));
        WebrtcParticipant master = masterSendingMedia();
        assertThat(master.remoteCandidates).allMatch(c -> c.contains(" 127.0.0.1 "));

        List<WebrtcParticipant> viewers = new ArrayList<>();
        for (String id : List.of("v1", "v2", "v3")) {
            WebrtcParticipant viewer = participant(id, List.of(audioTrack(id + "-mic")));
            viewers.add(viewer);
            Thread.sleep(QUOTA_PAUSE_MILLIS);
            channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId(id));
        }
        for (String id : List.of("v1", "v2", "v3")) {
            await("viewer " + id + " connected").atMost(CONNECT).until(() -> peer(ParticipantId.viewer(id))
                    .filter(PeerSnapshot::connected).isPresent());
        }
        for (WebrtcParticipant viewer : viewers) {
            await(viewer.name + " decodes the master's video").atMost(CONNECT)
                    .until(() -> viewer.framesDecoded.get() >= FRAMES);
        }
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        assertThatThrownBy(() -> channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn)
                .clientId("v4"))).isInstanceOf(ClientLimitExceededException.class)
                .hasMessageContaining("maximum number of viewers connected to the session");

        viewers.get(0).close();
        await("v1 gone from the session").atMost(CONNECT).until(() -> peer(ParticipantId.viewer("v1")).isEmpty());
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        assertThatThrownBy(() -> channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn)
                .clientId("v4"))).as("v1's slot is held for v1").isInstanceOf(ClientLimitExceededException.class);
        WebrtcParticipant again = participant("v1", List.of(audioTrack("v1-mic-again")));
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId("v1"));
        await("v1 connected again in its held slot").atMost(CONNECT).until(() -> peer(ParticipantId.viewer("v1"))
                .filter(PeerSnapshot::connected).isPresent());
        assertThat(again.statusResponses).isEmpty();
    }

    /**
     * The other SRTP profile libwebrtc offers, AES_CM_128_HMAC_SHA1_80 (RFC 3711): with the server allowing only it,
     * DTLS can only agree on it, so the master's media reaching a viewer proves both directions of our SRTP and
     * SRTCP on it against libwebrtc (libsrtp), as the other tests prove AES-GCM.
     */
    @Test
    void aViewerDecodesTheMasterOverAesCmWithHmacSha1() throws Exception {
        startServer(Map.of("storage-session.dtls.srtp-profiles", List.of("AES_CM_128_HMAC_SHA1_80")));
        masterSendingMedia();
        WebrtcParticipant viewer = participant("v1", List.of(audioTrack("v1-mic")));
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId("v1"));
        await("the viewer decodes the master's video").atMost(CONNECT)
                .until(() -> viewer.framesDecoded.get() >= FRAMES);
        await("the viewer's audio reaches the server").atMost(CONNECT)
                .until(() -> peer(ParticipantId.viewer("v1")).map(PeerSnapshot::audioPackets).orElse(0L) > 0);
    }

    /** A master sending synthetic video (OpenH264) and its headless microphone, joined and connected. */
    private WebrtcParticipant masterSendingMedia() throws Exception {
        videoSource = new CustomVideoSource();
        VideoTrack video = factory.createVideoTrack("camera", videoSource);
        frames = new FramePump(videoSource);
        frames.start();
        WebrtcParticipant master = participant(null, List.of(video, audioTrack("camera-mic")));
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));

        await("master connected with H.264 (SPS, IDR) and Opus").atMost(CONNECT).until(() -> peer(ParticipantId.MASTER)
                .filter(p -> p.connected() && p.sawSps() && p.sawIdr() && p.audioPackets() > 0).isPresent());
        assertThat(master.offers).hasSize(1);
        assertThat(master.remoteCandidates).isNotEmpty().allMatch(c -> c.contains(" typ relay "));
        assertThat(master.statusResponses).isEmpty();
        return master;
    }

    /**
     * coturn as the external TURN server (configured as a user would, with its REST secret): the embedded one stays
     * off, and the storage session allocates its own relayed candidates on coturn.
     */
    @Test
    void masterConnectsThroughCoturnAsTheExternalTurnServer() throws Exception {
        Path turnserver = ExternalTool.require("turnserver", "apt-get install coturn");
        coturn = CoturnServer.start(turnserver.toString(), LoopbackPorts.freeUdpAndTcp(),
                Files.createDirectories(dataDir.resolve("coturn")));
        String uri = "turn:127.0.0.1:" + coturn.port() + "?transport=udp";
        startServer(Map.of("signaling.ice.external-servers", List.of(Map.of("uris", List.of(uri),
                "secret", coturn.secret()))));
        assertThat(server.server.turnPort()).isZero();
        WebrtcParticipant master = masterSendingMedia();
        assertThat(master.remoteCandidates).allMatch(c -> c.contains(" 127.0.0.1 "));
    }
}
