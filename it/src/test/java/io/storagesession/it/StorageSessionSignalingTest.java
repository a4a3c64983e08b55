package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.Role;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.KinesisVideoWebRtcStorageClient;

/**
 * A camera's and a viewer's path into a storage session, exactly as the KVS SDKs walk it against the wired server:
 * control plane (AWS SDK) → signaling WebSocket (presigned by the AWS SDK's signer) → JoinStorageSession (AWS SDK)
 * → an SDP offer on the WebSocket without senderClientId → the answer routed to the storage session.
 */
class StorageSessionSignalingTest {
    @TempDir
    Path dataDir;

    private final AtomicReference<ScriptedStorageSessions> sessions = new AtomicReference<>();
    private RunningServer server;
    private KinesisVideoClient kvs;

    @BeforeEach
    void start() throws Exception {
        server = new RunningServer(dataDir, links -> {
            ScriptedStorageSessions s = new ScriptedStorageSessions(links);
            sessions.set(s);
            return s;
        }, Map.of());
        kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
    }

    @AfterEach
    void stop() {
        kvs.close();
        server.close();
    }

    @Test
    void masterAndViewerJoinAndReceiveOffersFromTheStorageSession() throws Exception {
        String channelArn = kvs.createSignalingChannel(b -> b.channelName("door")).channelARN();
        String streamArn = kvs.createStream(b -> b.streamName("door").dataRetentionInHours(24)).streamARN();
        kvs.updateMediaStorageConfiguration(b -> b.channelARN(channelArn).mediaStorageConfiguration(
                c -> c.streamARN(streamArn).status(MediaStorageConfigurationStatus.ENABLED)));

        Map<ChannelProtocol, String> endpoints = kvs.getSignalingChannelEndpoint(b -> b.channelARN(channelArn)
                .singleMasterChannelEndpointConfiguration(c -> c.role(ChannelRole.MASTER)
                        .protocols(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC)))
                .resourceEndpointList().stream().collect(Collectors.toMap(e -> e.protocol(), e -> e.resourceEndpoint()));
        assertThat(endpoints).containsKeys(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC);

        try (SignalingSocket master = new SignalingSocket(server.signalingUrl(endpoints.get(ChannelProtocol.WSS), channelArn, null));
             SignalingSocket viewer = new SignalingSocket(server.signalingUrl(endpoints.get(ChannelProtocol.WSS), channelArn, "v1"));
             KinesisVideoWebRtcStorageClient storage = KinesisVideoWebRtcStorageClient.builder()
                     .httpClientBuilder(RunningServer.http()).endpointOverride(URI.create(endpoints.get(ChannelProtocol.WEBRTC)))
                     .region(software.amazon.awssdk.regions.Region.US_WEST_2)
                     .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                             server.key.accessKeyId(), server.key.secretAccessKey())).build()) {
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    server.server.links().isConnected(ParticipantAddress.master(channelArn))
                            && server.server.links().isConnected(ParticipantAddress.viewer(channelArn, "v1")));

            storage.joinStorageSession(b -> b.channelArn(channelArn));
            JsonObject offer = master.next();
            assertThat(offer.getString("messageType")).isEqualTo("SDP_OFFER");
            assertThat(offer.containsKey("senderClientId")).as("storage-session frames carry no senderClientId").isFalse();
            JsonObject sdp = new JsonObject(new String(Base64.getDecoder().decode(offer.getString("messagePayload")),
                    StandardCharsets.UTF_8));
            assertThat(sdp.getString("sdp")).isEqualTo(ScriptedStorageSessions.OFFER_SDP);

            String answer = Base64.getEncoder().encodeToString("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}"
                    .getBytes(StandardCharsets.UTF_8));
            // The C SDK answers the storage session in PascalCase with an empty recipient.
            master.send(new JsonObject().put("action", "SDP_ANSWER").put("RecipientClientId", "")
                    .put("MessagePayload", answer).put("CorrelationId", "1700186220273"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !sessions.get().messages.isEmpty());
            Object[] got = sessions.get().messages.get(0);
            assertThat(got[0]).isEqualTo(ParticipantAddress.master(channelArn));
            assertThat(((InboundMessage) got[1]).action()).isEqualTo("SDP_ANSWER");
            assertThat(((InboundMessage) got[1]).messagePayload()).isEqualTo(answer);
            assertThat(((InboundMessage) got[1]).correlationId()).isEqualTo("1700186220273");

            storage.joinStorageSessionAsViewer(b -> b.channelArn(channelArn).clientId("v1"));
            JsonObject viewerOffer = viewer.next();
            assertThat(viewerOffer.getString("messageType")).isEqualTo("SDP_OFFER");
            assertThat(sessions.get().joins).extracting(j -> j.participant().role()).containsExactly(Role.MASTER, Role.VIEWER);
            assertThat(sessions.get().joins).allSatisfy(j -> assertThat(j.streamArn()).isEqualTo(streamArn));
            assertThat(master.received).as("the viewer's offer must not reach the master").isEmpty();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get().disconnected.size() == 2);
    }
}
