package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.codecs.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;

/**
 * The official KVS JS SDK's SignalingClient (npm {@code amazon-kinesis-video-streams-webrtc}, run by Node from
 * {@code it/js}) as master and viewer on a channel without storage: offer, answer and ICE candidates are relayed
 * peer-to-peer with the viewer's senderClientId, as KVS does.
 */
class JsSdkSignalingTest {
    private static final Path JS = Path.of("js").toAbsolutePath();

    @TempDir
    Path dataDir;

    @Test
    void theJsSdkMasterAndViewerExchangeOfferAnswerAndCandidates() throws Exception {
        Path node = ExternalTool.require("node", "install Node.js; CI installs it");
        ExternalTool.requireFile(JS.resolve("node_modules/amazon-kinesis-video-streams-webrtc"),
                "run: npm ci --prefix it/js");
        try (RunningServer server = new RunningServer(dataDir, links -> new NoStorageSessions(), Map.of());
             KinesisVideoClient kvs = server.client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()))) {
            String arn = kvs.createSignalingChannel(b -> b.channelName("js-sdk")).channelARN();
            String wss = kvs.getSignalingChannelEndpoint(b -> b.channelARN(arn).singleMasterChannelEndpointConfiguration(
                    c -> c.protocols(ChannelProtocol.WSS).role(ChannelRole.VIEWER))).resourceEndpointList().get(0)
                    .resourceEndpoint();
            ProcessBuilder pb = new ProcessBuilder(node.toString(), "signaling-p2p.js").directory(JS.toFile())
                    .redirectErrorStream(true);
            pb.environment().putAll(Map.of("ENDPOINT", wss, "CHANNEL_ARN", arn, "AWS_REGION", "us-west-2",
                    "AWS_ACCESS_KEY_ID", server.key.accessKeyId(), "AWS_SECRET_ACCESS_KEY", server.key.secretAccessKey()));
            Process p = pb.start();
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(exited).as(output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("\"event\":\"master.sdpOffer\"", "\"event\":\"viewer.sdpAnswer\"",
                    "\"event\":\"master.iceCandidate\"", "\"event\":\"viewer.iceCandidate\"", "\"event\":\"done\"");
            assertThat(output).contains("\"sender\":\"js-viewer-");
        }
    }
}
