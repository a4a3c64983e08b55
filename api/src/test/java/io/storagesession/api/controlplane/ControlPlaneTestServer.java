package io.storagesession.api.controlplane;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.api.http.Endpoints;
import io.storagesession.api.registry.Registry;
import io.storagesession.api.registry.RegistrySettings;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * A real HTTP server on a random port with {@link ApiRoutes}, SigV4 verification and the control plane mounted, as
 * the server mounts them, for tests that drive it with the AWS SDK's {@link KinesisVideoClient}.
 */
final class ControlPlaneTestServer implements AutoCloseable {
    static final String KEY_ID = "AKIDCONTROLPLANETEST";
    static final String SECRET = "control-plane-test-secret";
    /** A key whose policy allows only {@code kinesisvideo:Describe*}. */
    static final String DESCRIBE_ONLY_KEY_ID = "AKIDDESCRIBEONLYTEST";
    static final String DESCRIBE_ONLY_SECRET = "describe-only-test-secret";
    static final String REGION = "us-west-2";
    static final String ACCOUNT = "123456789012";
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final int START_TIMEOUT_SECONDS = 30;

    final Vertx vertx;
    final Registry registry;
    final Endpoints endpoints;
    private final HttpServer server;
    final int port;

    private ControlPlaneTestServer(Vertx vertx, Registry registry, Endpoints endpoints, HttpServer server, int port) {
        this.vertx = vertx;
        this.registry = registry;
        this.endpoints = endpoints;
        this.server = server;
        this.port = port;
    }

    static RegistrySettings settings(int maxChannels, int maxStreams) {
        return new RegistrySettings(REGION, ACCOUNT, maxChannels, maxStreams, Duration.ofSeconds(10));
    }

    static ControlPlaneTestServer start(Path dataDir) throws Exception {
        return start(dataDir, settings(1000, 1000));
    }

    static ControlPlaneTestServer start(Path dataDir, RegistrySettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        Registry registry = Registry.open(vertx, dataDir, settings);
        AccessKeyStore keys = new AccessKeyStore(List.of(new AccessKey(KEY_ID, SECRET, Policy.ALLOW_ALL),
                new AccessKey(DESCRIBE_ONLY_KEY_ID, DESCRIBE_ONLY_SECRET,
                        new Policy(List.of("kinesisvideo:Describe*"), List.of("*")))));
        SigV4Verifier verifier = new SigV4Verifier(keys, "kinesisvideo", Duration.ofMinutes(5), Duration.ofDays(7),
                Clock.systemUTC());
        Router router = Router.router(vertx);
        ApiRoutes routes = new ApiRoutes(router, verifier, new Metrics(), MAX_BODY_BYTES);
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        int port = await(server.listen(0)).actualPort();
        Endpoints endpoints = Endpoints.fromPublicUrl("http://127.0.0.1:" + port);
        new ControlPlane(registry, endpoints, new ControlPlaneSettings(1000)).operations().forEach(routes::add);
        routes.addFallbacks();
        return new ControlPlaneTestServer(vertx, registry, endpoints, server, port);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    KinesisVideoClient client() {
        return client(KEY_ID, SECRET);
    }

    KinesisVideoClient client(String keyId, String secret) {
        return KinesisVideoClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(uri())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        await(server.close());
        registry.close();
        await(vertx.close());
    }
}
