package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.storagesession.bench.turn.CoturnServer;
import io.storagesession.bench.turn.LoopbackPorts;
import io.storagesession.codecs.ExternalTool;
import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.storagesession.it.webrtc.FramePump;
import io.storagesession.media.ParticipantId;
import io.storagesession.webrtc.PeerSnapshot;
import io.storagesession.webrtc.StorageSessions;
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
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.ClientLimitExceededException;

/**
 * The storage session against libwebrtc (webrtc-java) participants through the embedded TURN server, on the path the
 * KVS SDKs take: a master joins and sends H.264 and Opus that the server receives (SPS and IDR seen), three viewers
 * connect and decode the master's video forwarded by the server, a fourth is refused with the phrase the JS SDK looks for, and a departed viewer's slot is kept for the
 * same clientId; a viewer that sends nothing hears the master, and a video-only master is accepted and seen.
 */
class StorageSessionWebrtcTest {
    private static final Duration CONNECT = Duration.ofSeconds(30);
    /**
     * Spaces joins of the same API on the channel: each join API allows 2 calls per second per channel (KVS-WIRE.md
     * §3; a burst of 3), and this test's later joins must meet the session's limits, not the quota.
     */
    private static final long QUOTA_PAUSE_MILLIS = 600;
    /** Decoded frames a viewer must show: a couple of seconds of the master's 15 fps. */
    private static final int FRAMES = 30;
    /** How far the first fragment may begin from when the test saw the master connected (its poll is 100 ms). */
    private static final long FIRST_FRAGMENT_MILLIS = 1_000;
    /** Audio packets a listener must receive: a second of 20 ms frames. */
    private static final long AUDIO_PACKETS = 50;
    /**
     * The headless microphone sends digital silence (RFC 6464 level 127), which the mixer rightly does not forward;
     * with the silence level above every level, each frame counts as speech and is heard.
     */
    private static final String SILENCE_LEVEL = "mixer.audio.activity.silence-level";
    private static final int EVERY_FRAME_IS_SPEECH = 128;

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

    /**
     * A viewer that sends nothing (KVS-WIRE.md §3): no track, its audio transceiver answering recvonly, as an app
     * without a microphone does. It connects and hears the master's audio (and sees its video).
     */
    @Test
    void aViewerThatOnlyListensConnectsAndHearsTheMaster() throws Exception {
        startServer(Map.of(SILENCE_LEVEL, EVERY_FRAME_IS_SPEECH));
        masterSendingMedia();
        WebrtcParticipant viewer = participant("listener", List.of()).answerAudio(RTCRtpTransceiverDirection.RECV_ONLY);
        channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId("listener"));

        await("the listening viewer connected").atMost(CONNECT).until(() -> peer(ParticipantId.viewer("listener"))
                .filter(PeerSnapshot::connected).isPresent());
        assertThat(audioSection(viewer.answers.get(0))).as("the premise: audio answered recvonly")
                .contains("a=recvonly");
        await("the listening viewer hears the master").atMost(CONNECT)
                .until(() -> viewer.packetsReceived("audio") >= AUDIO_PACKETS);
        await("and sees it").atMost(CONNECT).until(() -> viewer.framesDecoded.get() >= FRAMES);
        assertThat(viewer.statusResponses).isEmpty();
        assertThat(peer(ParticipantId.viewer("listener")).orElseThrow().audioPackets()).as("it sends nothing").isZero();
        assertNothingDroppedAsBadInput();
    }

    /**
     * A video-only master (KVS-WIRE.md §3; KVS JS SDK PR #693): a video track and an audio transceiver answering
     * recvonly. Its answer is accepted, it connects, its video reaches a viewer, and it hears the viewer's audio.
     */
    @Test
    void aVideoOnlyMasterIsAcceptedAndItsVideoReachesAViewer() throws Exception {
        startServer(Map.of(SILENCE_LEVEL, EVERY_FRAME_IS_SPEECH));
        WebrtcParticipant master = joinedMaster(false);
        assertThat(audioSection(master.answers.get(0))).as("the premise: audio answered recvonly")
                .contains("a=recvonly");
        WebrtcParticipant viewer = participant("v1", List.of(audioTrack("v1-mic")));
        channel.storage.joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId("v1"));

        await("the viewer decodes the video-only master").atMost(CONNECT)
                .until(() -> viewer.framesDecoded.get() >= FRAMES);
        await("the video-only master hears the viewer").atMost(CONNECT)
                .until(() -> master.packetsReceived("audio") >= AUDIO_PACKETS);
        assertThat(master.statusResponses).isEmpty();
        assertThat(viewer.statusResponses).isEmpty();
        assertThat(peer(ParticipantId.MASTER).orElseThrow().audioPackets()).as("it sends no audio").isZero();
        assertNothingDroppedAsBadInput();
    }

    /** A master sending synthetic video (OpenH264) and its headless microphone, joined and connected. */
    /**
     * webrtc-java's custom video source stamps frames on a clock of its own, so this master's video and audio sender
     * reports disagree by about the machine's uptime (PEERS.md). It is recorded from its first keyframe anyway: frames
     * are placed by arrival, and the reports are ignored for sync (counted as inconsistent).
     */
    @Test
    void aMasterWhoseAudioAndVideoReportClocksDisagreeIsRecordedFromItsFirstKeyframe() throws Exception {
        startServer(Map.of());
        long connectedAt = connectedMasterAt();
        List<Fragment> fragments = recordedFragments(2);
        assertRecordedFromTheStart(fragments, connectedAt);
        assertThat(recorderEvent("sender-reports-inconsistent")).as("the two report clocks disagree").isPositive();
        assertThat(recorderEvent("frames-synced-by-sender-reports")).isZero();
    }

    /** A master none of whose sender reports reach the server (the relay drops them) is recorded from its start. */
    @Test
    void aMasterThatSendsNoSenderReportIsRecordedFromItsFirstKeyframe() throws Exception {
        startServer(Map.of("turn.impairment.drop-sender-reports", true));
        long connectedAt = connectedMasterAt();
        List<Fragment> fragments = recordedFragments(2);
        assertRecordedFromTheStart(fragments, connectedAt);
        assertThat(recorderEvent("sender-reports-inconsistent") + recorderEvent("frames-synced-by-sender-reports"))
                .as("no sender report reached the recorder").isZero();
    }

    /**
     * A recording that cannot reach its store is loud: /health says DEGRADED with the channel and the reason for as long
     * as it lasts (and the log has an ERROR), instead of only counters.
     */
    @Test
    void aRecordingThatCannotBeDeliveredMakesHealthDegradedWithTheReason() throws Exception {
        startServer(Map.of("recorder.put-media.endpoint", "http://127.0.0.1:" + LoopbackPorts.freeUdpAndTcp()));
        masterSendingMedia();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(server.uri().resolve("/health")).build();
        await("health degraded").atMost(Duration.ofSeconds(30)).until(() -> http.send(health,
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().contains("\"DEGRADED\""));
        io.vertx.core.json.JsonObject report = new io.vertx.core.json.JsonObject(http.send(health,
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        assertThat(report.getJsonObject("problems").getString("recording"))
                .contains("recording of channel front-door not delivered: cannot connect to the data endpoint");
        assertThat(server.server.metrics().scrape()).contains("kvs_put_media_events_total{event=\"connection-failed\"}");
    }

    private long connectedMasterAt() throws Exception {
        masterSendingMedia();
        return System.currentTimeMillis();
    }

    /** At least {@code count} fragments persisted, read back and judged by AWS's parser and ffmpeg. */
    private List<Fragment> recordedFragments(int count) throws Exception {
        try (KinesisVideoArchivedMediaClient archive = server.client(KinesisVideoArchivedMediaClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            List<Fragment> fragments = RecordingJudge.awaitFragments(archive, "front-door", count,
                    Duration.ofSeconds(60));
            RecordingJudge.requireFfmpeg();
            RecordingJudge.Report report = RecordingJudge.judgeStored(archive, "front-door", fragments, dataDir,
                    true);
            assertThat(report.audioCodec()).isEqualTo("A_OPUS");
            return fragments;
        }
    }

    /** The first fragment begins at the master's first keyframe, which it sends on the PLI the server sends at once. */
    private static void assertRecordedFromTheStart(List<Fragment> fragments, long connectedAt) {
        assertThat(fragments.get(0).producerTimestamp().toEpochMilli() - connectedAt)
                .as("first fragment against the master's connection").isBetween(-FIRST_FRAGMENT_MILLIS,
                        FIRST_FRAGMENT_MILLIS);
    }

    private long recorderEvent(String event) {
        return series(server.server.metrics().scrape(), "kvs_recorder_events_total{event=\"" + event + "\"}");
    }

    private WebrtcParticipant masterSendingMedia() throws Exception {
        return joinedMaster(true);
    }

    /**
     * A master sending synthetic video (OpenH264) and, {@code withMicrophone}, its headless microphone — else its
     * audio transceiver answers recvonly (a video-only master) — joined and connected.
     */
    private WebrtcParticipant joinedMaster(boolean withMicrophone) throws Exception {
        videoSource = new CustomVideoSource();
        VideoTrack video = factory.createVideoTrack("camera", videoSource);
        frames = new FramePump(videoSource);
        frames.start();
        WebrtcParticipant master = withMicrophone ? participant(null, List.of(video, audioTrack("camera-mic")))
                : participant(null, List.of(video)).answerAudio(RTCRtpTransceiverDirection.RECV_ONLY);
        Thread.sleep(QUOTA_PAUSE_MILLIS);
        channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn));

        await("master connected with H.264 (SPS, IDR)" + (withMicrophone ? " and Opus" : "")).atMost(CONNECT)
                .until(() -> peer(ParticipantId.MASTER).filter(p -> p.connected() && p.sawSps() && p.sawIdr()
                        && (!withMicrophone || p.audioPackets() > 0)).isPresent());
        assertThat(master.offers).hasSize(1);
        assertThat(master.remoteCandidates).isNotEmpty().allMatch(c -> c.contains(" typ relay "));
        assertThat(master.statusResponses).isEmpty();
        return master;
    }

    private static String audioSection(String sdp) {
        String section = sdp.substring(sdp.indexOf("m=audio"));
        int next = section.indexOf("\r\nm=");
        return next < 0 ? section : section.substring(0, next);
    }

    /**
     * Participants that send no audio are not bad input: no packet of theirs is dropped as unknown, and the mixer
     * counts no audio from an unknown sender (what /metrics would show an operator).
     */
    private void assertNothingDroppedAsBadInput() {
        await("the session's counters published").atMost(CONNECT).until(() -> server.server.metrics().scrape()
                .contains("kvs_media_audio_events_total{event=\"forwarded\"}"));
        String metrics = server.server.metrics().scrape();
        for (String reason : List.of("unknown-payload-type", "unknown-ssrc", "video-from-viewer")) {
            assertThat(series(metrics, "kvs_storage_session_packets_dropped_total{reason=\"" + reason + "\"}"))
                    .as(reason).isZero();
        }
        assertThat(series(metrics, "kvs_media_audio_events_total{event=\"unknown-sender\"}")).isZero();
    }

    private static long series(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToLong(l -> (long) Double.parseDouble(
                l.substring(series.length() + 1).trim())).findFirst().orElse(0);
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
