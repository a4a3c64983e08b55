package io.storagesession.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.console.UrlPresigner;
import io.storagesession.it.PackagedServer;
import io.storagesession.it.RunningServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelProtocol;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelRole;

/**
 * Oversized signaling traffic on valid viewer connections: one text frame past {@code signaling.hub.max-frame-bytes},
 * one message fragmented into frames that each fit but together pass {@code max-message-bytes} (both 64 KiB), and a
 * well-formed ICE_CANDIDATE whose messagePayload passes {@code max-payload-bytes} (KVS's 10 KB).
 */
final class OversizedFrames {
    /** RFC 6455 §7.4.1: the endpoint received a message too big for it to process. */
    private static final short MESSAGE_TOO_BIG = 1009;
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final int KVS_PAYLOAD_BYTES = 10 * 1024;
    private static final int TOO_MUCH = 16 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A socket still open this long after its frame was dropped was left open. */
    private static final long STILL_OPEN_MILLIS = 2_000;

    private final PackagedServer server;
    private final String channelArn;
    private final WebSocketClient client;
    private final UrlPresigner presigner;
    private final String wss;

    OversizedFrames(Vertx vertx, PackagedServer server, String channelArn) throws Exception {
        this.server = server;
        this.channelArn = channelArn;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions());
        AwsBasicCredentials key = server.credentials();
        this.presigner = new UrlPresigner(key.accessKeyId(), key.secretAccessKey(), Region.US_WEST_2.id());
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()
                .httpClientBuilder(RunningServer.http()))) {
            wss = kvs.getSignalingChannelEndpoint(b -> b.channelARN(channelArn)
                    .singleMasterChannelEndpointConfiguration(c -> c.role(ChannelRole.VIEWER)
                            .protocols(ChannelProtocol.WSS))).resourceEndpointList().get(0).resourceEndpoint();
        }
    }

    void assertRefused() throws Exception {
        Connection frame = connect("big-frame");
        frame.socket.writeFrame(WebSocketFrame.textFrame("x".repeat(MAX_FRAME_BYTES + TOO_MUCH), true));
        short frameClose = frame.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        Connection message = connect("big-message");
        String half = "y".repeat(MAX_FRAME_BYTES / 2 + TOO_MUCH);
        message.socket.writeFrame(WebSocketFrame.textFrame(half, false));
        message.socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(half), true));
        short messageClose = message.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        double droppedBefore = Footprint.of(server).metric("kvs_signaling_frames_dropped_total", "reason",
                "payload_too_large");
        Connection payload = connect("big-payload");
        String base64 = Base64.getEncoder().encodeToString(new JsonObject().put("candidate",
                "z".repeat(KVS_PAYLOAD_BYTES + TOO_MUCH)).encode().getBytes(StandardCharsets.UTF_8));
        payload.socket.writeTextMessage(new JsonObject().put("action", "ICE_CANDIDATE")
                .put("recipientClientId", "master").put("messagePayload", base64).put("correlationId", "1").encode());
        JsonObject status = payload.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Thread.sleep(STILL_OPEN_MILLIS);
        double dropped = Footprint.of(server).metric("kvs_signaling_frames_dropped_total", "reason",
                "payload_too_large") - droppedBefore;
        System.out.printf("signaling: a %d-byte frame closed with %d; a %d-byte fragmented message closed with %d; a "
                        + "%d-byte messagePayload answered %s, dropped %.0f, socket still open: %s%n",
                MAX_FRAME_BYTES + TOO_MUCH, frameClose, 2 * half.length(), messageClose, KVS_PAYLOAD_BYTES + TOO_MUCH,
                status, dropped, !payload.closed.isDone());
        assertThat(frameClose).as("close code for a frame past max-frame-bytes").isEqualTo(MESSAGE_TOO_BIG);
        assertThat(messageClose).as("close code for a message past max-message-bytes").isEqualTo(MESSAGE_TOO_BIG);
        assertThat(status).as("STATUS_RESPONSE to an oversized messagePayload").isNotNull();
        assertThat(status.getString("messageType")).isEqualTo("STATUS_RESPONSE");
        assertThat(dropped).as("frames dropped as payload_too_large").isEqualTo(1);
        assertThat(payload.closed).as("a dropped frame does not cost the connection").isNotDone();
        payload.socket.close();
    }

    /** One viewer connection, its received JSON frames and the close code the server sent. */
    private record Connection(WebSocket socket, BlockingQueue<JsonObject> received, CompletableFuture<Short> closed) {
    }

    private Connection connect(String clientId) throws Exception {
        String query = "X-Amz-ChannelARN=" + URLEncoder.encode(channelArn, StandardCharsets.UTF_8)
                + "&X-Amz-ClientId=" + clientId;
        URI url = presigner.presign(URI.create(wss + "/?" + query), Duration.ofMinutes(5));
        WebSocket socket = client.connect(new WebSocketConnectOptions().setAbsoluteURI(url.toString()))
                .toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
        return new Connection(socket, received, closed);
    }
}
