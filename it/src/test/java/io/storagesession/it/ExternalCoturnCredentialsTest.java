package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.bench.turn.CoturnServer;
import io.storagesession.bench.turn.LoopbackPorts;
import io.storagesession.codecs.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideosignaling.KinesisVideoSignalingClient;
import software.amazon.awssdk.services.kinesisvideosignaling.model.IceServer;

/**
 * Swapping the embedded TURN server for coturn by configuration: with {@code signaling.ice.external-servers} naming a
 * coturn started with the same REST secret, the embedded server does not start, GetIceServerConfig advertises coturn,
 * and coturn's own client relays with exactly the credentials it returned.
 */
class ExternalCoturnCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void getIceServerConfigHandsOutCredentialsThatCoturnAccepts() throws Exception {
        Path turnserver = ExternalTool.require("turnserver", "apt-get install coturn");
        Path uclient = ExternalTool.require("turnutils_uclient", "apt-get install coturn");
        Path coturnDir = Files.createDirectories(dir.resolve("coturn"));
        try (CoturnClose coturn = new CoturnClose(CoturnServer.start(turnserver.toString(), LoopbackPorts.freeUdpAndTcp(), coturnDir))) {
            String uri = "turn:127.0.0.1:" + coturn.server.port() + "?transport=udp";
            Map<String, Object> external = Map.of("signaling.ice.external-servers",
                    List.of(Map.of("uris", List.of(uri), "secret", coturn.server.secret())));
            try (RunningServer server = new RunningServer(dir.resolve("data"), links -> new NoStorageSessions(), external);
                 KinesisVideoClient kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()));
                 KinesisVideoSignalingClient signaling = server.client(KinesisVideoSignalingClient.builder()
                         .httpClientBuilder(RunningServer.http()))) {
                assertThat(server.server.turnPort()).as("no embedded TURN server beside an external one").isZero();
                String arn = kvs.createSignalingChannel(b -> b.channelName("via-coturn")).channelARN();
                IceServer ice = signaling.getIceServerConfig(b -> b.channelARN(arn)).iceServerList().get(0);
                assertThat(ice.uris()).containsExactly(uri);
                Process p = new ProcessBuilder(uclient.toString(), "-u", ice.username(), "-w", ice.password(), "-p",
                        Integer.toString(coturn.server.port()), "-y", "-c", "-n", "20", "-l", "1000", "-m", "2",
                        "127.0.0.1").redirectErrorStream(true).start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(out).as(out).contains("Total lost packets 0 (0.000000%)")
                        .contains("tot_send_msgs=40, tot_recv_msgs=40");
            }
        }
    }

    /** Stops coturn at the end of the try block. */
    private record CoturnClose(CoturnServer server) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            server.close();
        }
    }
}
