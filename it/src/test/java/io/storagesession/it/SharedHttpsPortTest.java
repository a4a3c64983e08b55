package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.it.Uclient.Transport;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.KinesisVideoWebRtcStorageClient;

/**
 * One port carries everything, as KVS's 443 does for cameras: with {@code --https-port N} and the embedded TURN server,
 * the AWS SDK's control-plane, signaling and storage clients speak HTTPS to N (verifying the server's generated
 * certificate), a signaling WebSocket runs over WSS on N, GetIceServerConfig advertises
 * {@code turns:HOST:N?transport=tcp}, and TURN over TLS on N answers STUN and relays for coturn's client.
 */
class SharedHttpsPortTest {
    private static final int STUN_BINDING_REQUEST = 0x0001;
    private static final int STUN_BINDING_SUCCESS = 0x0101;
    private static final int STUN_MAGIC_COOKIE = 0x2112A442;

    @TempDir
    Path dataDir;
    private RunningServer server;
    private int httpsPort;
    private final AtomicReference<ScriptedStorageSessions> sessions = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            httpsPort = free.getLocalPort();
        }
        server = new RunningServer(dataDir, links -> {
            ScriptedStorageSessions s = new ScriptedStorageSessions(links);
            sessions.set(s);
            return s;
        }, Map.of("server.https-port", httpsPort, "server.public-url", "https://127.0.0.1:" + httpsPort));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private UrlConnectionHttpClient.Builder https() throws Exception {
        var trust = ServerCertificate.trustManagers(ServerCertificate.of(dataDir));
        return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trust);
    }

    @Test
    void httpsWssAndTurnOverTlsShareTheHttpsPort() throws Exception {
        assertThat(server.server.httpsPort()).isEqualTo(httpsPort);
        assertThat(server.server.turnTlsPort()).as("the TURN server binds the HTTPS port").isEqualTo(httpsPort);
        assertThat(server.uri().getScheme()).isEqualTo("https");
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(https()))) {
            String channelArn = kvs.createSignalingChannel(b -> b.channelName("camera")).channelARN();
            String streamArn = kvs.createStream(b -> b.streamName("camera").dataRetentionInHours(24)).streamARN();
            kvs.updateMediaStorageConfiguration(b -> b.channelARN(channelArn).mediaStorageConfiguration(
                    c -> c.streamARN(streamArn).status(MediaStorageConfigurationStatus.ENABLED)));
            Map<ChannelProtocol, String> endpoints = kvs.getSignalingChannelEndpoint(b -> b.channelARN(channelArn)
                    .singleMasterChannelEndpointConfiguration(c -> c.role(ChannelRole.MASTER)
                            .protocols(ChannelProtocol.WSS, ChannelProtocol.HTTPS, ChannelProtocol.WEBRTC)))
                    .resourceEndpointList().stream().collect(Collectors.toMap(e -> e.protocol(), e -> e.resourceEndpoint()));
            assertThat(endpoints.get(ChannelProtocol.WSS)).isEqualTo("wss://127.0.0.1:" + httpsPort);
            assertThat(endpoints.get(ChannelProtocol.HTTPS)).isEqualTo("https://127.0.0.1:" + httpsPort);

            try (KinesisVideoSignalingClient signaling = KinesisVideoSignalingClient.builder().httpClientBuilder(https())
                    .endpointOverride(URI.create(endpoints.get(ChannelProtocol.HTTPS)))
                    .region(software.amazon.awssdk.regions.Region.US_WEST_2)
                    .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                            server.key.accessKeyId(), server.key.secretAccessKey())).build()) {
                IceServer ice = signaling.getIceServerConfig(b -> b.channelARN(channelArn).clientId("cam"))
                        .iceServerList().get(0);
                assertThat(ice.uris()).containsExactly("turn:127.0.0.1:" + server.server.turnPort() + "?transport=udp",
                        "turns:127.0.0.1:" + httpsPort + "?transport=tcp");
            }

            HttpClient jdk = HttpClient.newBuilder()
                    .sslContext(ServerCertificate.trusting(ServerCertificate.of(dataDir)))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            try (SignalingSocket master = new SignalingSocket(server.signalingUrl(endpoints.get(ChannelProtocol.WSS),
                    channelArn, null), jdk);
                 KinesisVideoWebRtcStorageClient storage = KinesisVideoWebRtcStorageClient.builder()
                         .httpClientBuilder(https()).endpointOverride(URI.create(endpoints.get(ChannelProtocol.WEBRTC)))
                         .region(software.amazon.awssdk.regions.Region.US_WEST_2)
                         .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                 server.key.accessKeyId(), server.key.secretAccessKey())).build()) {
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        server.server.links().isConnected(ParticipantAddress.master(channelArn)));
                storage.joinStorageSession(b -> b.channelArn(channelArn));
                assertThat(master.next().getString("messageType")).as("the offer arrives over WSS")
                        .isEqualTo("SDP_OFFER");
                String answer = Base64.getEncoder().encodeToString("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}"
                        .getBytes(StandardCharsets.UTF_8));
                master.send(new JsonObject().put("action", "SDP_ANSWER").put("RecipientClientId", "")
                        .put("MessagePayload", answer));
                await().atMost(Duration.ofSeconds(5)).until(() -> !sessions.get().messages.isEmpty());
                assertThat(((InboundMessage) sessions.get().messages.get(0)[1]).messagePayload()).isEqualTo(answer);
            }
            HttpResponse<String> health = jdk.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + httpsPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
        assertThat(stunBindingOverTls(httpsPort)).as("STUN over TLS on the same port").isTrue();
    }

    @Test
    void coturnsClientRelaysOverTlsOnTheHttpsPort() throws Exception {
        Path uclient = Uclient.require();
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(https()));
             KinesisVideoSignalingClient signaling = server.client(KinesisVideoSignalingClient.builder()
                     .httpClientBuilder(https()))) {
            String arn = kvs.createSignalingChannel(b -> b.channelName("turns-on-443")).channelARN();
            IceServer ice = signaling.getIceServerConfig(b -> b.channelARN(arn).clientId("cam")).iceServerList().get(0);
            URI turns = URI.create(ice.uris().get(1).replace("turns:", "turns://"));
            assertThat(turns.getPort()).isEqualTo(httpsPort);
            String report = Uclient.run(uclient, turns.getHost(), turns.getPort(), ice.username(), ice.password(),
                    Transport.TLS);
            assertThat(Uclient.lossless(report)).as(report).isTrue();
            assertThat(server.server.metrics().scrape()).contains("kvs_turn_allocations_total{channel=\"turns-on-443\"}");
        }
    }

    /** Sends a STUN Binding request (RFC 8489 §5) over TLS, verifying the certificate, and reads its answer. */
    private boolean stunBindingOverTls(int port) throws Exception {
        try (SSLSocket tls = (SSLSocket) ServerCertificate.trusting(ServerCertificate.of(dataDir)).getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            tls.setSoTimeout(5000);
            byte[] transaction = new byte[12];
            new SecureRandom().nextBytes(transaction);
            ByteBuffer request = ByteBuffer.allocate(20).putShort((short) STUN_BINDING_REQUEST).putShort((short) 0)
                    .putInt(STUN_MAGIC_COOKIE).put(transaction);
            tls.getOutputStream().write(request.array());
            DataInputStream in = new DataInputStream(tls.getInputStream());
            byte[] header = new byte[20];
            in.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header);
            return (h.getShort(0) & 0xffff) == STUN_BINDING_SUCCESS && h.getInt(4) == STUN_MAGIC_COOKIE
                    && Arrays.equals(header, 8, 20, transaction, 0, 12);
        }
    }
}
