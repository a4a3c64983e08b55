package io.storagesession.mediastore;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistrySettings;
import io.storagesession.api.registry.Stream;
import io.storagesession.api.registry.StreamSpec;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;

/**
 * The media store as the server mounts it — a real Vert.x HTTP server on a loopback port, a real registry (H2) and
 * SigV4 verifier, {@link ApiRoutes} — for tests that drive it with real clients: the AWS SDK v2 data-plane clients,
 * our PutMedia client, curl.
 */
public final class TestServer implements AutoCloseable {
    public static final AccessKey KEY = new AccessKey("AKIDMEDIASTORETEST", "media-store-test-secret", Policy.ALLOW_ALL);
    public static final String REGION = "us-west-2";
    private static final long MAX_BODY_BYTES = 65536;
    private static final long TIMEOUT_SECONDS = 30;

    public final Vertx vertx;
    public final Registry registry;
    public final Metrics metrics;
    public final MediaStore mediaStore;
    public final Path dataDir;
    private final HttpServer server;

    private TestServer(Vertx vertx, Registry registry, MediaStore mediaStore, HttpServer server, Path dataDir,
                       Metrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.registry = registry;
        this.mediaStore = mediaStore;
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts with reference.conf overridden by {@code settings} (HOCON), e.g. {@code "media-store.read..."}. */
    public static TestServer start(Path dataDir, String settings) throws Exception {
        return start(dataDir, settings, Clock.systemUTC());
    }

    /** As {@link #start(Path, String)} with the media store on {@code clock} (server timestamps, retention). */
    public static TestServer start(Path dataDir, String settings, Clock clock) throws Exception {
        Config config = ConfigFactory.parseString(settings).withFallback(ConfigFactory.defaultReference()).resolve();
        Vertx vertx = Vertx.vertx();
        Registry registry = Registry.open(vertx, dataDir,
                new RegistrySettings(REGION, "123456789012", 100, 100, Duration.ofSeconds(10)));
        SigV4Verifier verifier = new SigV4Verifier(new AccessKeyStore(List.of(KEY)), "kinesisvideo",
                Duration.ofMinutes(5), Duration.ofDays(7), Clock.systemUTC());
        Router router = Router.router(vertx);
        Metrics metrics = new Metrics();
        ApiRoutes api = new ApiRoutes(router, verifier, metrics, MAX_BODY_BYTES);
        MediaStore store = MediaStore.start(new MediaStore.Wiring(vertx, router, api, verifier, registry, metrics,
                config, dataDir, clock));
        api.addFallbacks();
        HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        return new TestServer(vertx, registry, store, server, dataDir, metrics);
    }

    public static TestServer start(Path dataDir) throws Exception {
        return start(dataDir, "");
    }

    public Stream createStream(String name, int retentionHours) throws Exception {
        return await(registry.createStream(new StreamSpec(name, null, null, "alias/aws/kinesisvideo", retentionHours),
                Instant.now(), Map.of()));
    }

    public void deleteStream(Stream stream) throws Exception {
        await(registry.deleteStream(stream.arn(), null));
    }

    public int port() {
        return server.actualPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public KinesisVideoArchivedMediaClient archivedMedia() {
        return KinesisVideoArchivedMediaClient.builder().region(Region.of(REGION)).endpointOverride(uri())
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
    }

    public KinesisVideoMediaClient media() {
        return KinesisVideoMediaClient.builder().region(Region.of(REGION)).endpointOverride(uri())
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY.accessKeyId(), KEY.secretAccessKey()));
    }

    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        await(server.close());
        mediaStore.close();
        registry.close();
        await(vertx.close());
    }
}
