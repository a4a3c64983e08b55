package io.storagesession.api.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.bridge.InboundMessage;
import io.storagesession.api.bridge.ParticipantAddress;
import io.storagesession.api.bridge.StorageJoin;
import io.storagesession.api.bridge.StorageSessionBridge;
import io.storagesession.api.registry.Channel;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistrySettings;
import io.storagesession.api.registry.Stream;
import io.storagesession.api.registry.StreamSpec;
import io.storagesession.api.testing.ApiTestServer;
import io.storagesession.api.testing.LogCapture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.KinesisVideoWebRtcStorageClient;
import software.amazon.awssdk.services.kinesisvideowebrtcstorage.model.ResourceNotFoundException;

/**
 * A channel whose media storage names a stream that no longer exists when the server starts (its record removed from
 * the metadata database while the server was stopped): the registry opens, names the channel and the stream in one
 * warning, and JoinStorageSession through the AWS SDK's storage client gets KVS's ResourceNotFoundException (404)
 * rather than a session recording into nothing. The real registry on its H2 database, opened twice.
 */
class StreamDeletedWhileStoppedTest {
    private static final RegistrySettings SETTINGS =
            new RegistrySettings("us-west-2", "000000000000", 100, 100, Duration.ofSeconds(10));
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dataDir;
    private final Vertx vertx = Vertx.vertx();
    private final List<StorageJoin> joins = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aStorageStreamGoneAtStartIsReportedAndJoinsAreResourceNotFound() throws Exception {
        Channel channel;
        Stream stream;
        try (Registry first = Registry.open(vertx, dataDir, SETTINGS)) {
            channel = await(first.createChannel("porch", 60, Instant.now(), Map.of()));
            stream = await(first.createStream(new StreamSpec("porch", null, "video/h264", null, 24), Instant.now(),
                    Map.of()));
            await(first.updateMediaStorage(channel.arn(), stream.arn(), true));
        }
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath()
                .resolve("metadata"));
             PreparedStatement delete = db.prepareStatement("DELETE FROM streams WHERE arn = ?")) {
            delete.setString(1, stream.arn());
            assertThat(delete.executeUpdate()).isOne();
        }

        try (LogCapture log = new LogCapture(); Registry second = Registry.open(vertx, dataDir, SETTINGS);
             ApiTestServer server = new ApiTestServer(List.of(ApiTestServer.KEY), new StorageApi(second, bridge(),
                     StorageApiSettings.from(ConfigFactory.defaultReference()), Clock.systemUTC()).operations());
             KinesisVideoWebRtcStorageClient client = server.client(KinesisVideoWebRtcStorageClient.builder()
                     .httpClientBuilder(ApiTestServer.http()), ApiTestServer.KEY)) {
            assertThat(second.channelByArn(channel.arn()).orElseThrow().ingestionEnabled()).isTrue();
            assertThat(second.streamByArn(stream.arn())).isEmpty();
            assertThat(log.lines("WARN", "channel porch", stream.arn(), "does not exist")).hasSize(1);

            assertThatThrownBy(() -> client.joinStorageSession(b -> b.channelArn(channel.arn())))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.getMessage()).contains(stream.arn());
                    });
            assertThatThrownBy(() -> client.joinStorageSessionAsViewer(b -> b.channelArn(channel.arn())
                    .clientId("v1"))).isInstanceOf(ResourceNotFoundException.class);
            assertThat(joins).as("no session for a stream that is gone").isEmpty();
        }
    }

    private StorageSessionBridge bridge() {
        return new StorageSessionBridge() {
            @Override
            public Future<Void> join(StorageJoin join) {
                joins.add(join);
                return Future.succeededFuture();
            }

            @Override
            public void onMessage(ParticipantAddress from, InboundMessage message) {
            }

            @Override
            public void onDisconnected(ParticipantAddress participant) {
            }
        };
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
