package io.storagesession.mediastore.images;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.storagesession.mediastore.SignedJson;
import io.storagesession.mediastore.TestServer;
import io.storagesession.mediastore.archive.ArchiveSource;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.archive.FragmentQuery;
import io.storagesession.mediastore.read.StreamLookup;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GetImages is a SigV4-verified data-plane read with KVS's data-plane refusal: a caller whose policy does not allow
 * {@code kinesisvideo:GetImages} on the stream gets NotAuthorizedException (401, the service model's status), whether
 * it names the stream by name or ARN, and learns nothing about streams that do not exist.
 */
class GetImagesAuthorizationTest {
    private static final long MAX_BODY_BYTES = 65536;
    private static final AccessKey ALLOWED = new AccessKey("AKIDALLOWED", "allowed-secret",
            new Policy(List.of("kinesisvideo:GetImages"), List.of("*")));
    private static final AccessKey OTHER_ACTIONS = new AccessKey("AKIDLISTONLY", "list-only-secret",
            new Policy(List.of("kinesisvideo:ListFragments"), List.of("*")));
    private static final AccessKey OTHER_STREAM = new AccessKey("AKIDOTHER", "other-secret",
            new Policy(List.of("kinesisvideo:GetImages"), List.of("*:stream/elsewhere/*")));

    @TempDir
    Path dir;
    private Vertx vertx;
    private Registry registry;
    private GetImagesApi images;
    private HttpServer server;
    private Stream stream;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = Registry.open(vertx, dir, new RegistrySettings(TestServer.REGION, "123456789012", 10, 10,
                Duration.ofSeconds(10)));
        stream = TestServer.await(registry.createStream(new StreamSpec("gate", null, null, "alias/aws/kinesisvideo",
                24), Instant.now(), Map.of()));
        SigV4Verifier verifier = new SigV4Verifier(new AccessKeyStore(List.of(ALLOWED, OTHER_ACTIONS, OTHER_STREAM)),
                "kinesisvideo", Duration.ofMinutes(5), Duration.ofDays(7), Clock.systemUTC());
        Router router = Router.router(vertx);
        ApiRoutes api = new ApiRoutes(router, verifier, new Metrics(), MAX_BODY_BYTES);
        images = new GetImagesApi(vertx, new StreamLookup(registry), new EmptySource(),
                ImagesSettings.from(ConfigFactory.defaultReference()), Duration.ofSeconds(10), new Metrics());
        api.add(images.operation());
        api.addFallbacks();
        server = TestServer.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/getImages");
    }

    @AfterEach
    void stop() throws Exception {
        TestServer.await(server.close());
        images.close();
        registry.close();
        TestServer.await(vertx.close());
    }

    @Test
    void callersWithoutGetImagesOnTheStreamAreNotAuthorized() throws Exception {
        assertThat(post(ALLOWED, b -> b.put("StreamName", "gate")).statusCode()).isEqualTo(200);
        assertThat(post(ALLOWED, b -> b.put("StreamARN", stream.arn())).statusCode()).isEqualTo(200);
        for (AccessKey key : List.of(OTHER_ACTIONS, OTHER_STREAM)) {
            notAuthorized(post(key, b -> b.put("StreamName", "gate")));
            notAuthorized(post(key, b -> b.put("StreamARN", stream.arn())));
            // a stream that does not exist is refused the same way, not revealed as missing
            notAuthorized(post(key, b -> b.put("StreamName", "no-such-stream")));
        }
    }

    private static void notAuthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("NotAuthorizedException");
        assertThat(new JsonObject(r.body()).getString("__type")).isEqualTo("NotAuthorizedException");
    }

    private HttpResponse<String> post(AccessKey key, Consumer<JsonObject> stream) throws Exception {
        JsonObject body = new JsonObject().put("ImageSelectorType", "SERVER_TIMESTAMP")
                .put("StartTimestamp", 1_700_000_000).put("EndTimestamp", 1_700_000_001).put("SamplingInterval", 500)
                .put("Format", "PNG");
        stream.accept(body);
        return SignedJson.post(uri, key, body.encode());
    }

    /** A store with no fragments: authorised requests get NO_MEDIA images. */
    private static final class EmptySource implements ArchiveSource {
        @Override
        public Future<ArchivedStream> stream(String streamName, String streamArn) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<List<ArchivedFragmentInfo>> fragments(FragmentQuery query) {
            return Future.succeededFuture(List.of());
        }

        @Override
        public Future<ArchivedFragment> fragment(String streamArn, String fragmentNumber) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public Future<List<ArchivedTrack>> tracks(String streamArn, long tracksSequence) {
            return Future.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public AutoCloseable onPersisted(String streamArn, java.util.function.Consumer<ArchivedFragmentInfo> listener) {
            return () -> { };
        }
    }
}
