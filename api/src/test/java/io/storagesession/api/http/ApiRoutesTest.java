package io.storagesession.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.api.testing.ApiTestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** What reaches the API routes from outside, signed or not, is always answered in KVS's error shape. */
class ApiRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ApiTestServer(List.of(ApiTestServer.KEY), List.of(
                ApiOperation.controlPlane("/boom", "Boom", call -> {
                    throw new IllegalStateException("secret internal detail");
                }),
                ApiOperation.controlPlane("/ok", "Ok", call -> Future.succeededFuture(new JsonObject()))));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertKvsError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(new JsonObject(response.body()).getString("__type")).isEqualTo(type);
    }

    @Test
    void unsignedOversizedMisroutedAndWrongMethodRequestsGetKvsErrors() throws Exception {
        assertKvsError(send("POST", "/ok", "{}"), 403, "MissingAuthenticationTokenException");
        assertKvsError(send("POST", "/ok", "a".repeat(100_000)), 400, "InvalidArgumentException");
        assertKvsError(send("POST", "/nowhere", "{}"), 404, "UnknownOperationException");
        assertKvsError(send("GET", "/ok", null), 405, "MethodNotAllowedException");
    }

    @Test
    void anUnexpectedHandlerFailureIsA500WithoutInternalDetail() throws Exception {
        HttpResponse<String> response = sendSigned("/boom", "{}");
        assertKvsError(response, 500, "InternalFailure");
        assertThat(response.body()).doesNotContain("secret internal detail");
        assertThat(sendSigned("/ok", "{}").statusCode()).isEqualTo(200);
        assertKvsError(sendSigned("/ok", "[1,2]"), 400, "SerializationException");
        assertKvsError(sendSigned("/ok", "{\"unterminated"), 400, "SerializationException");
        assertThat(server.metrics.scrape()).contains("kvs_api_failures_total{operation=\"Boom\",error=\"InternalFailure\"} 1");
    }

    /**
     * Signs with the AWS SDK v2's own SigV4 signer, as every SDK client does, and sends with the JDK client, which asks
     * for an h2c upgrade: so this also proves verification of HTTP/2 requests, whose host travels as :authority.
     */
    private HttpResponse<String> sendSigned(String path, String body) throws Exception {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create(server.uri() + path)).putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ApiTestServer.KEY.accessKeyId(), ApiTestServer.KEY.secretAccessKey()))
                .request(request).payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-west-2")).request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(signed.getUri()).POST(HttpRequest.BodyPublishers.ofString(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
