package io.storagesession.bench.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.Principal;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistrySettings;
import io.storagesession.api.registry.StreamSpec;
import io.storagesession.mediastore.MediaStore;
import io.storagesession.mediastore.ingest.Ack;
import io.storagesession.mediastore.ingest.LocalUpload;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;

/**
 * The media store as the server mounts it (SigV4-verified API routes, the registry, segment files in a temporary data
 * directory) on a loopback HTTP port, with one stream and an AWS SDK v2 archived-media client signed for it: what the
 * archived-media benchmarks measure end to end. A recording is put in through the store's in-process PutMedia.
 */
final class InProcessStore implements AutoCloseable {
    private static final String REGION = "us-west-2";
    private static final String ACCOUNT = "123456789012";
    private static final AccessKey KEY = new AccessKey("AKIDSTOREBENCH", "store-bench-secret", Policy.ALLOW_ALL);
    private static final long MAX_BODY_BYTES = 65536;
    /** The stream keeps its data an hour: retention never runs during a benchmark. */
    private static final int RETENTION_HOURS = 1;
    /** KVS's 5 fragments/s per stream paces the in-process upload too: 30 fragments take 6 s. */
    private static final long UPLOAD_TIMEOUT_SECONDS = 120;

    private final Vertx vertx;
    private final Registry registry;
    private final MediaStore store;
    private final HttpServer server;
    private final KinesisVideoArchivedMediaClient client;
    private final String stream;

    /**
     * Starts the store with {@code settings} (paths of reference.conf, e.g. {@code media-store.images.*}) over the
     * defaults, and creates {@code stream}.
     */
    InProcessStore(String stream, Map<String, String> settings) throws Exception {
        this.stream = stream;
        Path dataDir = Files.createTempDirectory("store-bench");
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.defaultReference()).resolve();
        vertx = Vertx.vertx();
        registry = Registry.open(vertx, dataDir, new RegistrySettings(REGION, ACCOUNT, 1, 1, Duration.ofSeconds(10)));
        SigV4Verifier verifier = new SigV4Verifier(new AccessKeyStore(List.of(KEY)), "kinesisvideo",
                Duration.ofMinutes(5), Duration.ofDays(7), Clock.systemUTC());
        Router router = Router.router(vertx);
        Metrics metrics = new Metrics();
        ApiRoutes api = new ApiRoutes(router, verifier, metrics, MAX_BODY_BYTES);
        store = MediaStore.start(new MediaStore.Wiring(vertx, router, api, verifier, registry, metrics, config, dataDir,
                Clock.systemUTC()));
        api.addFallbacks();
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get();
        registry.createStream(new StreamSpec(stream, null, null, "alias/aws/kinesisvideo", RETENTION_HOURS),
                Instant.now(), Map.of()).toCompletionStage().toCompletableFuture().get();
        client = KinesisVideoArchivedMediaClient.builder().region(Region.of(REGION))
                .endpointOverride(URI.create("http://127.0.0.1:" + server.actualPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY.accessKeyId(),
                        KEY.secretAccessKey()))).httpClient(UrlConnectionHttpClient.create()).build();
    }

    KinesisVideoArchivedMediaClient client() {
        return client;
    }

    /**
     * Puts {@code mkv} in through the store's in-process PutMedia, producer start {@code startMillis}, and waits for
     * every fragment's PERSISTED; fails unless {@code fragments} were persisted.
     */
    void upload(byte[] mkv, long startMillis, int fragments) throws Exception {
        CompletableFuture<Integer> persisted = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            int[] count = new int[1];
            LocalUpload upload = store.putMedia().openLocal(new Principal(KEY, REGION), stream, null, startMillis,
                    context, new LocalUpload.Listener() {
                        @Override
                        public void ack(Ack.Type type, long timecode, long number, int errorId) {
                            if (type == Ack.Type.PERSISTED) {
                                count[0]++;
                            } else if (type == Ack.Type.ERROR) {
                                persisted.completeExceptionally(new IllegalStateException("ERROR " + errorId));
                            }
                        }

                        @Override
                        public void refused(int status, String errorType, String message) {
                            persisted.completeExceptionally(new IllegalStateException(errorType + ": " + message));
                        }

                        @Override
                        public void ended() {
                            persisted.complete(count[0]);
                        }
                    });
            upload.write(mkv, 0, mkv.length);
            upload.endBody();
        });
        int stored = persisted.get(UPLOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (stored != fragments) {
            throw new IllegalStateException(stored + " fragments persisted, not " + fragments);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get();
        store.close();
        registry.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
