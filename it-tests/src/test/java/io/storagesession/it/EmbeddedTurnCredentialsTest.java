package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.signaling.storage.NoStorageSessions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer;

/**
 * The chain a KVS client walks, ending in coturn's own TURN client: GetIceServerConfig (AWS SDK) hands out REST
 * credentials for the embedded TURN server, and {@code turnutils_uclient} allocates with exactly those and relays
 * client-to-client over UDP, TCP and TLS without loss; the same credentials with a wrong password are refused.
 */
class EmbeddedTurnCredentialsTest {
    @TempDir
    Path dataDir;

    @Test
    void getIceServerConfigCredentialsWorkOnTheEmbeddedTurnServer() throws Exception {
        Path uclient = ExternalTool.require("turnutils_uclient", "apt-get install coturn");
        try (RunningServer server = new RunningServer(dataDir, links -> new NoStorageSessions(),
                Map.of("turn.tls.port", 0));
             KinesisVideoClient kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
             KinesisVideoSignalingClient signaling = server.client(KinesisVideoSignalingClient.builder()
                     .httpClientBuilder(RunningServer.http()))) {
            String arn = kvs.createSignalingChannel(b -> b.channelName("turn-walk")).channelARN();
            IceServer ice = signaling.getIceServerConfig(b -> b.channelARN(arn).clientId("viewer-1")).iceServerList().get(0);
            assertThat(ice.uris()).hasSize(3).startsWith(
                    "turn:127.0.0.1:" + server.server.turnPort() + "?transport=udp",
                    "turn:127.0.0.1:" + server.server.turnPort() + "?transport=tcp");
            assertThat(ice.uris().get(2)).startsWith("turns:127.0.0.1:").endsWith("?transport=tcp");
            URI turn = URI.create(ice.uris().get(0).replace("turn:", "turn://"));
            URI turns = URI.create(ice.uris().get(2).replace("turns:", "turns://"));
            for (URI uri : new URI[] {turn, turns}) {
                String out = run(uclient, uri, ice.username(), ice.password(), uri == turns ? "tls" : "udp");
                assertThat(out).as(out).contains("Total lost packets 0 (0.000000%)")
                        .contains("tot_send_msgs=40, tot_recv_msgs=40");
            }
            String overTcp = run(uclient, turn, ice.username(), ice.password(), "tcp");
            assertThat(overTcp).as(overTcp).contains("Total lost packets 0 (0.000000%)");
            String refused = run(uclient, turn, ice.username(), ice.password() + "x", "udp");
            assertThat(refused).as(refused).contains("Cannot complete Allocation");
            assertThat(server.server.metrics().scrape()).contains("kvs_turn_auth_failures_total")
                    .contains("kvs_turn_allocations_total{channel=\"turn-walk\"}");
        }
    }

    /** Runs coturn's client over {@code transport}: udp, tcp, or tls (TCP with TLS, {@code -S}). */
    private static String run(Path uclient, URI turn, String user, String password, String transport) throws Exception {
        List<String> command = new ArrayList<>(List.of(uclient.toString(), "-u", user, "-w", password, "-p",
                Integer.toString(turn.getPort()), "-y", "-c", "-n", "20", "-l", "1000", "-m", "2"));
        if (!transport.equals("udp")) {
            command.add("-t");
        }
        if (transport.equals("tls")) {
            command.add("-S");
        }
        command.add(turn.getHost());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
