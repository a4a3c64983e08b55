package io.storagesession.it.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.TlsCertPolicy;
import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.it.RunningServer;
import io.storagesession.turn.RestCredentials;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer;

/**
 * libwebrtc reaching the TURN server only over TLS — TCP TURN inside TLS, what the KVS C SDK does — on the HTTPS port
 * the server shares with TURN, with the URI and credentials GetIceServerConfig returned: both peers allocate through
 * {@code turns:HOST:N?transport=tcp}, connect relay to relay, and carry data both ways. libwebrtc is told not to check
 * the certificate (webrtc-java has no way to trust one self-signed certificate); the TLS itself is real.
 */
class TurnOverTlsWebrtcTest {
    private static final Duration CONNECT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void libwebrtcRelaysThroughTurnOverTlsOnTheSharedHttpsPort() throws Exception {
        int httpsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            httpsPort = free.getLocalPort();
        }
        try (RunningServer server = new RunningServer(dataDir, links -> new NoStorageSessions(),
                Map.of("server.https-port", httpsPort));
             KinesisVideoClient kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
             KinesisVideoSignalingClient signaling = server.client(KinesisVideoSignalingClient.builder()
                     .httpClientBuilder(RunningServer.http()))) {
            String arn = kvs.createSignalingChannel(b -> b.channelName("tls-relay")).channelARN();
            String turns = "turns:127.0.0.1:" + httpsPort + "?transport=tcp";
            try (JvmRelayCall call = new JvmRelayCall(tlsOnly(signaling, arn, "offerer", turns),
                    tlsOnly(signaling, arn, "answerer", turns))) {
                call.negotiate();
                NativeCalls.await(call.offerer.iceConnected.thenCombine(call.answerer.iceConnected, (a, b) -> b),
                        "ICE connected on both peers", CONNECT, call::toString);
                byte[] text = ("through " + turns).getBytes(StandardCharsets.UTF_8);
                assertThat(call.data.roundTrip(text, false, CONNECT)).isEqualTo(text);
                for (JvmPeer peer : new JvmPeer[] {call.offerer, call.answerer}) {
                    SelectedCandidatePair pair = SelectedCandidatePair.from(NativeCalls.stats(peer.pc))
                            .orElseThrow(() -> new AssertionError(peer.name + " reports no selected candidate pair"));
                    assertThat(pair.localType()).as("%s: %s", peer.name, pair).isEqualTo("relay");
                    assertThat(pair.remoteType()).as("%s: %s", peer.name, pair).isEqualTo("relay");
                    assertThat(pair.localRelayProtocol()).as("%s reaches TURN over: %s", peer.name, pair)
                            .isEqualTo("tls");
                }
            }
            assertThat(server.server.metrics().scrape()).contains("kvs_turn_allocations_total{channel=\"tls-relay\"} 2");
        }
    }

    /** The GetIceServerConfig entry for {@code clientId}, reduced to its turns: URI. */
    private static RTCIceServer tlsOnly(KinesisVideoSignalingClient signaling, String arn, String clientId,
                                        String expectedUri) {
        IceServer ice = signaling.getIceServerConfig(b -> b.channelARN(arn).clientId(clientId)).iceServerList().get(0);
        assertThat(ice.uris()).contains(expectedUri);
        RTCIceServer server = JvmRelayCall.server(List.of(expectedUri),
                new RestCredentials(ice.username(), ice.password()));
        server.tlsCertPolicy = TlsCertPolicy.INSECURE_NO_CHECK;
        return server;
    }
}
