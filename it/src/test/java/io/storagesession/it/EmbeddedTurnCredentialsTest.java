package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.it.Uclient.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer;

/**
 * The chain a KVS client walks, ending in coturn's own TURN client: GetIceServerConfig (AWS SDK) hands out REST
 * credentials for the embedded TURN server exactly as KVS advertises its own — {@code turn:…?transport=udp} and
 * {@code turns:…?transport=tcp} — and {@code turnutils_uclient} allocates with exactly those and relays
 * client-to-client over UDP and TLS without loss. The plain TCP port still serves plain STUN, and TLS too, for clients
 * that, like the KVS C SDK, send a ClientHello to {@code turn:…?transport=tcp}. Wrong passwords are refused.
 */
class EmbeddedTurnCredentialsTest {
    @TempDir
    Path dataDir;

    @Test
    void getIceServerConfigCredentialsWorkOnTheEmbeddedTurnServer() throws Exception {
        Path uclient = Uclient.require();
        try (RunningServer server = new RunningServer(dataDir, links -> new NoStorageSessions(), Map.of());
             KinesisVideoClient kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
             KinesisVideoSignalingClient signaling = server.client(KinesisVideoSignalingClient.builder()
                     .httpClientBuilder(RunningServer.http()))) {
            String arn = kvs.createSignalingChannel(b -> b.channelName("turn-walk")).channelARN();
            IceServer ice = signaling.getIceServerConfig(b -> b.channelARN(arn).clientId("viewer-1")).iceServerList().get(0);
            int port = server.server.turnPort();
            int tlsPort = server.server.turnTlsPort();
            assertThat(tlsPort).as("TURN over TLS is on by default, on its own port").isPositive().isNotEqualTo(port);
            assertThat(ice.uris()).containsExactly("turn:127.0.0.1:" + port + "?transport=udp",
                    "turns:127.0.0.1:" + tlsPort + "?transport=tcp");
            URI turn = URI.create(ice.uris().get(0).replace("turn:", "turn://"));
            URI turns = URI.create(ice.uris().get(1).replace("turns:", "turns://"));
            String user = ice.username();
            String password = ice.password();

            String udp = Uclient.run(uclient, turn.getHost(), turn.getPort(), user, password, Transport.UDP);
            assertThat(Uclient.lossless(udp)).as(udp).isTrue();
            String tls = Uclient.run(uclient, turns.getHost(), turns.getPort(), user, password, Transport.TLS);
            assertThat(Uclient.lossless(tls)).as(tls).isTrue();
            String plainTcp = Uclient.run(uclient, turn.getHost(), port, user, password, Transport.TCP);
            assertThat(Uclient.lossless(plainTcp)).as(plainTcp).isTrue();
            String tlsOnThePlainPort = Uclient.run(uclient, turn.getHost(), port, user, password, Transport.TLS);
            assertThat(Uclient.lossless(tlsOnThePlainPort)).as(tlsOnThePlainPort).isTrue();

            String refused = Uclient.run(uclient, turn.getHost(), turn.getPort(), user, password + "x", Transport.UDP);
            assertThat(refused).as(refused).contains("Cannot complete Allocation");
            assertThat(server.server.metrics().scrape()).contains("kvs_turn_auth_failures_total")
                    .contains("kvs_turn_allocations_total{channel=\"turn-walk\"}");
        }
    }
}
