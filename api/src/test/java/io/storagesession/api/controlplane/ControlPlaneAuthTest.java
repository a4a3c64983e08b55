package io.storagesession.api.controlplane;

import static io.storagesession.api.controlplane.KvsAssertions.assertKvsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;

class ControlPlaneAuthTest {
    /** Headers java.net.http sets itself and refuses to take from the caller. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length");

    @TempDir
    static Path dataDir;
    static ControlPlaneTestServer server;
    static KinesisVideoClient kvs;

    @BeforeAll
    static void start() throws Exception {
        server = ControlPlaneTestServer.start(dataDir);
        kvs = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        kvs.close();
        server.close();
    }

    @Test
    void describeOnlyPolicyCannotCreate() {
        kvs.createStream(r -> r.streamName("visible"));
        try (KinesisVideoClient limited = server.client(ControlPlaneTestServer.DESCRIBE_ONLY_KEY_ID,
                ControlPlaneTestServer.DESCRIBE_ONLY_SECRET)) {
            assertThat(limited.describeStream(r -> r.streamName("visible")).streamInfo().streamName()).isEqualTo("visible");
            assertKvsError(() -> limited.createStream(r -> r.streamName("forbidden")), AccessDeniedException.class, 401);
            assertKvsError(() -> limited.createSignalingChannel(r -> r.channelName("forbidden")),
                    AccessDeniedException.class, 401);
            assertKvsError(() -> limited.listStreams(r -> { }), AccessDeniedException.class, 401);
            assertKvsError(() -> limited.tagStream(r -> r.streamName("visible").tags(Map.of("a", "b"))),
                    AccessDeniedException.class, 401);
        }
        assertThat(server.registry.streamByName("forbidden")).isEmpty();
        assertThat(server.registry.tagsOf(server.registry.streamByName("visible").orElseThrow().arn())).isEmpty();
    }

    @Test
    void badSignatureIsForbidden() {
        try (KinesisVideoClient wrong = server.client(ControlPlaneTestServer.KEY_ID, "not-the-secret")) {
            assertThatThrownBy(() -> wrong.createStream(r -> r.streamName("unsigned")))
                    .isInstanceOfSatisfying(KinesisVideoException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
        try (KinesisVideoClient unknown = server.client("AKIDUNKNOWNKEY000000", ControlPlaneTestServer.SECRET)) {
            assertThatThrownBy(() -> unknown.listStreams(r -> { }))
                    .isInstanceOfSatisfying(KinesisVideoException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                    });
        }
        assertThat(server.registry.streamByName("unsigned")).isEmpty();
    }

    @Test
    void malformedJsonIsASerializationError() throws Exception {
        HttpResponse<String> response = signedPost("/createStream", "{\"StreamName\": \"half");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
        assertThat(new JsonObject(response.body()).getString("__type")).isEqualTo("SerializationException");

        HttpResponse<String> wrongType = signedPost("/createStream", "{\"StreamName\": 42}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");

        HttpResponse<String> ok = signedPost("/createStream", "{\"StreamName\": \"raw-http\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ok.body()).getString("StreamARN")).contains(":stream/raw-http/");

        HttpResponse<String> unknown = signedPost("/describeNothing", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> signedPost(String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create(server.uri() + path)).putHeader("Content-Type", "application/json").build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ControlPlaneTestServer.KEY_ID, ControlPlaneTestServer.SECRET))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, ControlPlaneTestServer.REGION));
        HttpRequest.Builder http = HttpRequest.newBuilder(signed.request().getUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(http.build(), HttpResponse.BodyHandlers.ofString());
    }
}
