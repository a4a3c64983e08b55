package io.storagesession.api.testing;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** A real HTTP server on a random loopback port that serves the given KVS operations behind SigV4. */
public final class ApiTestServer implements AutoCloseable {
    public static final AccessKey KEY = new AccessKey("AKIDTESTTESTTEST", "test-secret", null);

    public final Vertx vertx;
    public final Metrics metrics = new Metrics();
    private final HttpServer server;

    public ApiTestServer(List<AccessKey> keys, List<ApiOperation> operations) throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        SigV4Verifier verifier = new SigV4Verifier(new AccessKeyStore(keys), "kinesisvideo", Duration.ofMinutes(5),
                Duration.ofDays(7), Clock.systemUTC());
        ApiRoutes routes = new ApiRoutes(router, verifier, metrics, 65536);
        operations.forEach(routes::add);
        routes.addFallbacks();
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Points an AWS SDK v2 client builder at this server with {@code key}'s credentials. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder, AccessKey key) {
        return builder.endpointOverride(uri()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .build();
    }

    /** The shared URL-connection HTTP client the SDK tests use. */
    public static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
