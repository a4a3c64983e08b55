package io.storagesession.mediastore.images;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.mediastore.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A raw JSON POST signed with the AWS SDK v2's own SigV4 signer: for bodies the SDK's typed client cannot send
 * (wrong JSON types), so that the server's answer to them can be seen as status, headers and body.
 */
final class SignedJson {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedJson() {
    }

    static HttpResponse<String> post(URI uri, AccessKey key, String body) throws Exception {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                .request(request).payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, TestServer.REGION)).request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(signed.getUri())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
