package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.storage.NoStorageSessions;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaEndpoint;
import io.storagesession.recorder.putmedia.PutMediaMetrics;
import io.storagesession.recorder.putmedia.PutMediaSettings;
import io.storagesession.recorder.putmedia.StreamId;
import io.storagesession.recorder.putmedia.UploadHealth;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoAsyncClient;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * The {@code aws} recording target finds where to PutMedia by asking the control plane
 * {@code GetDataEndpoint(APIName=PUT_MEDIA)} (KVS-WIRE.md §1, §4; {@link PutMediaEndpoint#discovered}), pointed
 * here at this server's own control plane as at Kinesis Video Streams: the upload goes to the endpoint the answer
 * names — {@code localhost}, while the control plane was reached as {@code 127.0.0.1} — and its fragments are
 * PERSISTED in the store. A GetDataEndpoint that fails (the stream does not exist yet: ResourceNotFoundException) is
 * logged and reported as a failing delivery, not cached, and asked again on the next attempt, which then delivers.
 */
class DiscoveredDataEndpointTest {
    private static final String FAST = "recorder.put-media { backoff.initial = 50ms, backoff.max = 200ms, "
            + "close-timeout = 10s }";
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dataDir;
    private StorageSessionServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theUploadGoesWhereGetDataEndpointSaysAndAFailedLookupIsRetried() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = StorageSessionServer.start(ConfigFactory.parseMap(Map.of("server.http-port", port,
                        "server.host", "127.0.0.1", "server.public-url", "http://localhost:" + port,
                        "server.data-dir", dataDir.toString(), "server.turn.port", 0, "turn.tls.port", 0))
                .withFallback(ConfigFactory.defaultReference()).resolve(),
                (BridgeFactory) wiring -> new NoStorageSessions());
        AccessKey key = server.credentials().keys().get(0);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                key.accessKeyId(), key.secretAccessKey()));
        URI controlPlaneUrl = URI.create("http://127.0.0.1:" + port);
        List<String> health = new CopyOnWriteArrayList<>();
        String arn;
        try (KinesisVideoAsyncClient controlPlane = KinesisVideoAsyncClient.builder().region(Region.US_WEST_2)
                .endpointOverride(controlPlaneUrl).credentialsProvider(credentials).build()) {
            PutMediaEndpoint endpoint = PutMediaEndpoint.discovered(controlPlane);
            PutMediaClient client = new PutMediaClient(server.vertx(), server.vertx().getOrCreateContext(),
                    PutMediaSettings.from(ConfigFactory.parseString(FAST).withFallback(ConfigFactory
                            .defaultReference())), StreamId.ofName("porch"), endpoint, credentials,
                    PutMediaMetrics.Export.NONE, recorded(health));
            OwnStoreIngestTest.Recording recording = OwnStoreIngestTest.recording(3, 1);
            client.streamHeader(recording.header());
            for (int i = 0; i < recording.fragments().size(); i++) {
                client.fragment(recording.fragments().get(i), OwnStoreIngestTest.T0
                        + i * OwnStoreIngestTest.FRAGMENT_MILLIS);
            }
            await("GetDataEndpoint refused for the stream that does not exist yet").atMost(Duration.ofSeconds(
                    WAIT_SECONDS)).until(() -> !health.isEmpty());
            assertThat(health.get(0)).startsWith("failing: cannot connect to the data endpoint")
                    .contains("ResourceNotFoundException");

            arn = createStream(controlPlaneUrl, credentials);
            client.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(health).contains("delivering");
            assertThat(client.metrics().fragmentsPersisted()).isEqualTo(3);
            assertThat(client.metrics().connectionFailures()).as("each failed lookup was an attempt").isPositive();
            assertThat(endpoint.putMediaUrl(StreamId.ofName("porch"), server.vertx().getOrCreateContext())
                    .toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the endpoint GetDataEndpoint named, not the control plane's address")
                    .isEqualTo(URI.create("http://localhost:" + port + "/putMedia"));
        }
        assertThat(server.mediaStore().store().list(arn, TimestampKind.PRODUCER_TIMESTAMP, 0, Long.MAX_VALUE, 10))
                .extracting(FragmentInfo::producerTimestampMillis).hasSize(3);
    }

    private static UploadHealth recorded(List<String> health) {
        return new UploadHealth() {
            @Override
            public void failing(String reason) {
                health.add("failing: " + reason);
            }

            @Override
            public void delivering() {
                health.add("delivering");
            }

            @Override
            public void lost(int fragments, String reason) {
                health.add("lost " + fragments + ": " + reason);
            }
        };
    }

    private static String createStream(URI url, StaticCredentialsProvider credentials) {
        try (KinesisVideoClient control = KinesisVideoClient.builder().region(Region.US_WEST_2).endpointOverride(url)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            return control.createStream(r -> r.streamName("porch").dataRetentionInHours(1)).streamARN();
        }
    }
}
