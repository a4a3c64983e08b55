package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.storagesession.it.session.StorageChannel;
import io.storagesession.it.session.WebrtcParticipant;
import io.storagesession.it.webrtc.NativeCalls;
import io.storagesession.webrtc.LiveSession;
import io.storagesession.webrtc.PeerSnapshot;
import io.storagesession.webrtc.StorageSessions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.KinesisVideoWebRtcStorageClient;

/**
 * A camera's and a viewer's path into the server's real storage session, frame by frame on the signaling WebSocket as
 * the KVS SDKs see it: control plane (AWS SDK) → signaling WebSocket (presigned by the AWS SDK's signer) →
 * JoinStorageSession (AWS SDK) → the storage session's SDP offer and relay candidates, without senderClientId, in
 * the shape every KVS SDK parses (KVS-WIRE.md §2, §3) → the participant's answer in the C SDK's PascalCase with an
 * empty recipient, whose refusal comes back as KVS's STATUS_RESPONSE; and a real WebRTC stack (libwebrtc) answering
 * that way, accepted without a STATUS_RESPONSE and connected with the session as the controlling ICE agent.
 */
class StorageSessionSignalingTest {
    private static final Duration AWAIT = Duration.ofSeconds(10);
    /** ICE and DTLS through the embedded TURN server, on two cores shared with other tests. */
    private static final Duration CONNECTED = Duration.ofSeconds(30);
    /** The correlationId of KVS-WIRE.md §2's STATUS_RESPONSE example. */
    private static final String CORRELATION_ID = "1700186220273";

    @TempDir
    Path dataDir;

    private RunningServer server;
    private KinesisVideoClient kvs;
    private String channelArn;
    private String streamArn;
    private Map<ChannelProtocol, String> endpoints;
    private KinesisVideoWebRtcStorageClient storage;
    private final List<SignalingSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new RunningServer(dataDir, Map.of());
        kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
        channelArn = kvs.createSignalingChannel(b -> b.channelName("door")).channelARN();
        streamArn = kvs.createStream(b -> b.streamName("door").dataRetentionInHours(24)).streamARN();
        kvs.updateMediaStorageConfiguration(b -> b.channelARN(channelArn).mediaStorageConfiguration(
                c -> c.streamARN(streamArn).status(MediaStorageConfigurationStatus.ENABLED)));
        endpoints = kvs.getSignalingChannelEndpoint(b -> b.channelARN(channelArn)
                .singleMasterChannelEndpointConfiguration(c -> c.role(ChannelRole.MASTER)
                        .protocols(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC)))
                .resourceEndpointList().stream()
                .collect(Collectors.toMap(e -> e.protocol(), e -> e.resourceEndpoint()));
        assertThat(endpoints).containsKeys(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC);
        AwsBasicCredentials creds = AwsBasicCredentials.create(server.key.accessKeyId(), server.key.secretAccessKey());
        storage = KinesisVideoWebRtcStorageClient.builder().httpClientBuilder(RunningServer.http())
                .endpointOverride(URI.create(endpoints.get(ChannelProtocol.WEBRTC))).region(Region.US_WEST_2)
                .credentialsProvider(() -> creds).build();
    }

    @AfterEach
    void stop() {
        sockets.forEach(SignalingSocket::close);
        storage.close();
        kvs.close();
        server.close();
    }

    @Test
    void masterAndViewerReceiveTheStorageSessionsOfferAndRelayCandidatesOnlyAfterTheirJoin() throws Exception {
        SignalingSocket master = connect(null);
        SignalingSocket viewer = connect("v1");
        assertThat(master.received).as("nothing before JoinStorageSession").isEmpty();
        assertThat(viewer.received).as("nothing before JoinStorageSessionAsViewer").isEmpty();

        storage.joinStorageSession(b -> b.channelArn(channelArn));
        OfferSections masterOffer = offerAndRelayCandidate(master);
        assertThat(masterOffer.direction("video")).as("the session receives the master's video").isEqualTo("recvonly");
        assertThat(masterOffer.direction("audio")).as("the master hears the viewers").isEqualTo("sendrecv");
        assertThat(session().streamArn()).as("the session records to the channel's stream").isEqualTo(streamArn);

        storage.joinStorageSessionAsViewer(b -> b.channelArn(channelArn).clientId("v1"));
        OfferSections viewerOffer = offerAndRelayCandidate(viewer);
        assertThat(viewerOffer.direction("video")).as("the session sends the viewer the master's video")
                .isEqualTo("sendonly");
        assertThat(viewerOffer.direction("audio")).isEqualTo("sendrecv");
        assertThat(viewerOffer.iceUfrag()).as("a transport of the viewer's own").isNotEqualTo(masterOffer.iceUfrag());
        assertThat(master.received).as("the viewer's offer and candidate must not reach the master").isEmpty();
        assertThat(session().participants()).extracting(PeerSnapshot::role).containsExactly(Role.MASTER, Role.VIEWER);

        storage.joinStorageSession(b -> b.channelArn(channelArn));
        assertThat(offerAndRelayCandidate(master).iceUfrag()).as("each join sends a new offer; the newest wins")
                .isNotEqualTo(masterOffer.iceUfrag());
        assertThat(viewer.received).as("the master's new join concerns the master alone").isEmpty();
    }

    @Test
    void anAnswerWithAnotherCodecGetsKvssStatusResponseAndEndsThatOffer() throws Exception {
        SignalingSocket master = connect(null);
        storage.joinStorageSession(b -> b.channelArn(channelArn));
        offerAndRelayCandidate(master);

        // the C SDK answers the storage session in PascalCase with an empty recipient
        master.send(new JsonObject().put("action", "SDP_ANSWER").put("RecipientClientId", "")
                .put("MessagePayload", answer("VP8/90000", "sendonly")).put("CorrelationId", CORRELATION_ID));
        JsonObject status = master.next();
        assertThat(status.fieldNames()).as("STATUS_RESPONSE: no senderClientId, no messagePayload")
                .containsExactlyInAnyOrder("messageType", "statusResponse");
        assertThat(status.getString("messageType")).isEqualTo("STATUS_RESPONSE");
        JsonObject response = status.getJsonObject("statusResponse");
        assertThat(response.getString("correlationId")).isEqualTo(CORRELATION_ID);
        assertThat(response.getString("errorType")).isEqualTo("InvalidArgumentException");
        assertThat(response.getValue("statusCode")).as("a string on the wire").isEqualTo("400");
        assertThat(response.getValue("success")).isEqualTo(false);
        assertThat(response.getString("description")).contains("VP8", "H.264");
        await("the refused participant's offer is withdrawn").atMost(AWAIT).until(() -> session().participants()
                .isEmpty());

        storage.joinStorageSession(b -> b.channelArn(channelArn));
        offerAndRelayCandidate(master);
        // the JS SDK's camelCase, and no correlationId: KVS answers nothing
        master.send(new JsonObject().put("action", "SDP_ANSWER")
                .put("messagePayload", answer("H265/90000", "sendonly")));
        master.send(new JsonObject().put("action", "ICE_CANDIDATE").put("MessagePayload", payload(new JsonObject()
                .put("candidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ relay").put("sdpMid", "0")))
                .put("CorrelationId", "2"));
        JsonObject next = master.next();
        assertThat(next.getJsonObject("statusResponse").getString("correlationId"))
                .as("the first STATUS_RESPONSE after the uncorrelated refusal is the candidate's, sent to the session "
                        + "that no longer has the master").isEqualTo("2");
    }

    @Test
    void aViewerThatAnswersItSendsVideoIsRefused() throws Exception {
        SignalingSocket viewer = connect("v1");
        storage.joinStorageSessionAsViewer(b -> b.channelArn(channelArn).clientId("v1"));
        offerAndRelayCandidate(viewer);

        viewer.send(new JsonObject().put("action", "SDP_ANSWER").put("recipientClientId", "")
                .put("messagePayload", answer("H264/90000", "sendrecv")).put("correlationId", CORRELATION_ID));
        JsonObject response = viewer.next().getJsonObject("statusResponse");
        assertThat(response.getString("correlationId")).isEqualTo(CORRELATION_ID);
        assertThat(response.getString("errorType")).isEqualTo("InvalidArgumentException");
        assertThat(response.getString("description")).contains("viewers never send video");
    }

    /**
     * libwebrtc as a master answering in the C SDK's shape (PascalCase, empty recipient, a correlationId): KVS answers
     * success with silence, the session trickles only relay candidates, and it is the controlling ICE agent
     * (KVS-WIRE.md §3), which libwebrtc's own transport statistics report as its role being the controlled one. The
     * WebRTC connection then outlives the signaling WebSocket, as on KVS.
     */
    @Test
    void aWebrtcStackAnsweringLikeTheCSdkConnectsWithTheSessionAsTheControllingIceAgent() throws Exception {
        HeadlessAudioDeviceModule microphone = new HeadlessAudioDeviceModule();
        PeerConnectionFactory factory = new PeerConnectionFactory(microphone);
        CustomVideoSource camera = new CustomVideoSource();
        try (StorageChannel porch = new StorageChannel(server, "porch")) {
            SignalingSocket socket = porch.connect(null);
            sockets.add(socket);
            try (WebrtcParticipant master = new WebrtcParticipant("master", factory, porch.iceServers("master"),
                    socket, List.of(factory.createVideoTrack("camera", camera), factory.createAudioTrack("mic",
                    factory.createAudioSource(new AudioOptions()))))) {
                porch.storage.joinStorageSession(b -> b.channelArn(porch.channelArn));
                await("DTLS-SRTP up with the master").atMost(CONNECTED).until(() -> masterConnected(porch));
                assertThat(master.statusResponses).as("no STATUS_RESPONSE for an accepted answer").isEmpty();
                assertThat(master.remoteCandidates).isNotEmpty().allMatch(c -> c.contains(" typ relay "));
                assertThat(iceRole(master)).as("libwebrtc's ICE role").isEqualTo("controlled");

                socket.close();
                await("the hub let the socket go").atMost(AWAIT).until(() -> !server.server.links().isConnected(
                        ParticipantAddress.master(porch.channelArn)));
                assertThat(masterConnected(porch)).as("media outlives signaling").isTrue();
            }
        } finally {
            camera.dispose();
            factory.dispose();
            microphone.dispose();
        }
    }

    private boolean masterConnected(StorageChannel channel) throws Exception {
        return ((StorageSessions) server.server.bridge()).snapshot(channel.channelArn).stream()
                .anyMatch(p -> p.role() == Role.MASTER && p.connected());
    }

    /** The ICE role libwebrtc's transport statistics report (RTCTransportStats.iceRole). */
    private static String iceRole(WebrtcParticipant participant) throws Exception {
        return NativeCalls.stats(participant.pc).getStats().values().stream()
                .filter(s -> s.getType() == RTCStatsType.TRANSPORT).map(s -> String.valueOf(s.getAttributes()
                        .get("iceRole"))).findFirst().orElse("no transport statistics");
    }

    /** A signaling WebSocket of the master ({@code clientId} null) or a viewer, once the hub holds it. */
    private SignalingSocket connect(String clientId) throws Exception {
        SignalingSocket socket = new SignalingSocket(server.signalingUrl(endpoints.get(ChannelProtocol.WSS),
                channelArn, clientId));
        sockets.add(socket);
        ParticipantAddress address = clientId == null ? ParticipantAddress.master(channelArn)
                : ParticipantAddress.viewer(channelArn, clientId);
        await("signaling of " + address).atMost(AWAIT).until(() -> server.server.links().isConnected(address));
        return socket;
    }

    /**
     * The storage session's next SDP_OFFER and its one relay candidate, in either order (candidates may come first):
     * frames without senderClientId and with a non-empty payload; the offer in the shape every SDK parses, with
     * H.264 and Opus only; the candidate a UDP relay candidate of the offer's transport.
     */
    private OfferSections offerAndRelayCandidate(SignalingSocket socket) throws Exception {
        OfferSections offer = null;
        JsonObject candidate = null;
        for (int i = 0; i < 2; i++) {
            JsonObject frame = socket.next();
            assertThat(frame.fieldNames()).as("a storage-session frame: no senderClientId").containsExactlyInAnyOrder(
                    "messageType", "messagePayload");
            JsonObject payload = new JsonObject(new String(Base64.getDecoder().decode(frame.getString(
                    "messagePayload")), StandardCharsets.UTF_8));
            if (frame.getString("messageType").equals("SDP_OFFER")) {
                assertThat(payload.getString("type")).isEqualTo("offer");
                offer = OfferSections.parse(payload.getString("sdp"));
            } else {
                assertThat(frame.getString("messageType")).isEqualTo("ICE_CANDIDATE");
                candidate = payload;
            }
        }
        assertThat(offer).as("an SDP_OFFER").isNotNull();
        assertThat(candidate).as("an ICE_CANDIDATE").isNotNull();
        offer.assertEverySdkParsesIt();
        offer.assertH264AndOpusOnly();
        String[] fields = candidate.getString("candidate").split(" ");
        assertThat(fields[0]).startsWith("candidate:");
        assertThat(fields[1]).as("component (rtcp-mux)").isEqualTo("1");
        assertThat(fields[2]).as("transport").isEqualToIgnoringCase("udp");
        assertThat(fields[6] + " " + fields[7]).as("only relay candidates").isEqualTo("typ relay");
        int index = candidate.getInteger("sdpMLineIndex");
        assertThat(offer.mids().get(index)).as("sdpMid names the m-section at sdpMLineIndex")
                .isEqualTo(candidate.getString("sdpMid"));
        return offer;
    }

    /** The channel's storage session as operators see it. */
    private LiveSession session() throws Exception {
        List<LiveSession> live = ((StorageSessions) server.server.bridge()).liveSessions().get(AWAIT.toSeconds(),
                TimeUnit.SECONDS);
        return live.stream().filter(s -> s.channelArn().equals(channelArn)).findFirst()
                .orElse(new LiveSession(channelArn, null, null, List.of()));
    }

    /**
     * A base64 answer as a browser writes one, whose video m-section offers {@code videoCodec} in {@code direction}
     * and whose audio is Opus sendrecv; everything else valid, so the codec or direction is what is judged.
     */
    private static String answer(String videoCodec, String direction) {
        String transport = "a=ice-ufrag:Zk3r\r\na=ice-pwd:kS8Vp4qNc1rT6yH0wLm2Xb\r\n"
                + "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\na=setup:active\r\n";
        String sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n" + transport + "a=mid:0\r\na=" + direction
                + "\r\na=rtcp-mux\r\na=rtpmap:96 " + videoCodec + "\r\na=fmtp:96 packetization-mode=1\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n" + transport + "a=mid:1\r\na=sendrecv\r\n"
                + "a=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
        return payload(new JsonObject().put("type", "answer").put("sdp", sdp));
    }

    private static String payload(JsonObject json) {
        return Base64.getEncoder().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }
}
