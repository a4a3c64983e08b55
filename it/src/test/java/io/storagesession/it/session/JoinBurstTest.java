package io.storagesession.it.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.it.RunningServer;
import io.storagesession.it.SignalingSocket;
import io.vertx.core.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.ResourceNotFoundException;

/**
 * KVS-WIRE.md §3: JoinStorageSession and JoinStorageSessionAsViewer each have their own quota, and every KVS sample
 * joins the moment its signaling opens — so a master and the session's three viewers joining within the same 100 ms,
 * through the AWS SDK's storage client, must all be accepted, and each must get its SDP_OFFER from the real storage
 * session on its own signaling WebSocket well before the SDKs' join retry (about every 6 s).
 */
class JoinBurstTest {
    private static final List<String> VIEWERS = List.of("v1", "v2", "v3");
    /** "Within the same 100 ms": the spread of the four calls' starts this test is about. */
    private static final long SAME_INSTANT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** An offer must come before the KVS SDKs would retry the join (about every 6 s). */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    /** The hub accepts 3 connects/s per channel (KVS-WIRE.md §2): the fourth socket retries as the SDKs do. */
    private static final Duration CONNECT_RETRY = Duration.ofMillis(200);
    private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    private RunningServer server;
    private StorageChannel channel;
    private final List<SignalingSocket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new RunningServer(dataDir, Map.of());
        channel = new StorageChannel(server, "front-door");
    }

    @AfterEach
    void stop() {
        sockets.forEach(SignalingSocket::close);
        server.close();
        channel.close();
    }

    @Test
    void aMasterAndThreeViewersJoiningWithinTheSame100MillisecondsAllGetTheirOffers() throws Exception {
        SignalingSocket master = connect(null);
        List<SignalingSocket> viewers = new ArrayList<>();
        for (String id : VIEWERS) {
            viewers.add(connect(id));
        }
        warmUpTheSdkClient();

        CyclicBarrier together = new CyclicBarrier(1 + VIEWERS.size());
        ExecutorService callers = Executors.newFixedThreadPool(1 + VIEWERS.size());
        List<Long> startNanos = new ArrayList<>();
        try {
            List<CompletableFuture<Long>> starts = new ArrayList<>();
            starts.add(CompletableFuture.supplyAsync(() -> join(together,
                    () -> channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn))), callers));
            for (String id : VIEWERS) {
                starts.add(CompletableFuture.supplyAsync(() -> join(together, () -> channel.storage
                        .joinStorageSessionAsViewer(b -> b.channelArn(channel.channelArn).clientId(id))), callers));
            }
            for (CompletableFuture<Long> start : starts) {
                try {
                    startNanos.add(start.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a join of the burst was refused: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            callers.shutdownNow();
        }
        long spread = startNanos.stream().mapToLong(Long::longValue).max().orElseThrow()
                - startNanos.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(spread).as("the premise: all four joins within the same 100 ms").isLessThan(SAME_INSTANT_NANOS);

        assertOffer(master, "master");
        for (int i = 0; i < VIEWERS.size(); i++) {
            assertOffer(viewers.get(i), "viewer " + VIEWERS.get(i));
        }
    }

    /** One join released together with the others; returns when it started (System.nanoTime). */
    private static long join(CyclicBarrier together, Runnable call) {
        try {
            together.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long started = System.nanoTime();
        call.run();
        return started;
    }

    /**
     * The SDK client's first call loads its signer and HTTP stack; made once on a channel that does not exist (404
     * comes before any quota), so the burst's four calls are not spread out by it.
     */
    private void warmUpTheSdkClient() {
        try {
            channel.storage.joinStorageSession(b -> b.channelArn(channel.channelArn.replace("front-door", "absent")));
            throw new AssertionError("a join on a channel that does not exist succeeded");
        } catch (ResourceNotFoundException expected) {
            // the SDK is warm
        }
    }

    private SignalingSocket connect(String clientId) throws Exception {
        long deadline = System.nanoTime() + CONNECT_DEADLINE.toNanos();
        while (true) {
            try {
                SignalingSocket socket = channel.connect(clientId);
                sockets.add(socket);
                return socket;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof WebSocketHandshakeException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(CONNECT_RETRY.toMillis());
            }
        }
    }

    private static void assertOffer(SignalingSocket socket, String who) throws InterruptedException {
        JsonObject frame = socket.received.poll(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(frame).as("%s's SDP_OFFER within %s", who, PROMPTLY).isNotNull();
        assertThat(frame.getString("messageType")).as(who).isEqualTo("SDP_OFFER");
    }
}
