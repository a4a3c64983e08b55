package io.storagesession.mediastore.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiOperation;
import io.storagesession.api.http.ApiRoutes;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedStream;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The wiring {@link HlsApiRegistry}'s Javadoc gives the server, run for real: GetHLSStreamingSessionURL behind
 * the api module's SigV4-verified {@link ApiRoutes}, signed with the AWS SDK v2's own signer, an unsigned call
 * refused, a key whose policy does not cover the stream refused with the archived-media API's 401, and the session URL
 * playable on the same router with no signature at all.
 */
class HlsSigV4WiringTest {
    private static final AccessKey ADMIN = new AccessKey("AKIDHLSADMIN", "admin-secret", null);
    private static final AccessKey OTHER = new AccessKey("AKIDHLSOTHER", "other-secret",
            new Policy(List.of("kinesisvideo:*"), List.of("arn:aws:kinesisvideo:*:*:stream/elsewhere/*")));
    private static final long T0 = System.currentTimeMillis() - 60_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        Clock clock = Clock.systemUTC();
        SigV4Verifier verifier = new SigV4Verifier(new AccessKeyStore(List.of(ADMIN, OTHER)), "kinesisvideo",
                Duration.ofMinutes(5), Duration.ofDays(7), clock);
        ApiRoutes apiRoutes = new ApiRoutes(router, verifier, new Metrics(), 65536);

        InMemoryArchiveSource source = new InMemoryArchiveSource(
                new ArchivedStream(HlsTestServer.STREAM_NAME, HlsTestServer.STREAM_ARN, 24));
        source.tracks(0, List.of(ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1F}, 320, 240)));
        List<ArchivedFrame> frames = new ArrayList<>();
        frames.add(new ArchivedFrame(1, T0, true, new byte[] {0, 0, 0, 1, 0x65}));
        source.add(new ArchivedFragment(new ArchivedFragmentInfo("1", T0, T0, 1000, 5, 0, 0), frames));

        // the registry adapter, exactly as HlsApiRegistry's Javadoc shows it
        HlsRoutes.mount(router, (path, operation, handler) -> apiRoutes.add(ApiOperation.signaling(path, operation,
                call -> handler.handle(call.body(), call::authorize, call.context()))),
                source, HlsTestServer.settings(), clock);
        apiRoutes.addFallbacks();
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        base = URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String body() {
        double t = T0 / 1000.0;
        return new JsonObject().put("StreamName", HlsTestServer.STREAM_NAME).put("PlaybackMode", "ON_DEMAND")
                .put("HLSFragmentSelector", new JsonObject().put("FragmentSelectorType", "PRODUCER_TIMESTAMP")
                        .put("TimestampRange", new JsonObject().put("StartTimestamp", t - 1).put("EndTimestamp",
                                t + 1)))
                .encode();
    }

    @Test
    void aSignedCallGetsAPlayableSessionUrl() throws Exception {
        HttpResponse<String> r = signed(ADMIN, body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String url = new JsonObject(r.body()).getString("HLSStreamingSessionURL");
        assertThat(url).startsWith(base + "/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=");
        HttpResponse<String> master = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.body()).startsWith("#EXTM3U");
    }

    @Test
    void unsignedUnauthorisedAndInvalidCallsGetKvsErrors() throws Exception {
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(base.resolve(HlsSessionUrlApi.PATH))
                .POST(HttpRequest.BodyPublishers.ofString(body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);

        HttpResponse<String> denied = signed(OTHER, body());
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("x-amzn-ErrorType")).hasValue("NotAuthorizedException");

        HttpResponse<String> invalid = signed(ADMIN, new JsonObject(body()).put("Expires", 10).encode());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidArgumentException");
        assertThat(invalid.body()).contains("expires");
    }

    /** Signs with the AWS SDK v2's SigV4 signer, as the archived-media client does. */
    private HttpResponse<String> signed(AccessKey key, String body) throws Exception {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(base.resolve(HlsSessionUrlApi.PATH)).putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                .request(request).payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-west-2")).request();
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(signed.getUri()).POST(HttpRequest.BodyPublishers.ofString(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
