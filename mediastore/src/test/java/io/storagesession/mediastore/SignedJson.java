package io.storagesession.mediastore;

import io.storagesession.api.auth.AccessKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A data-plane call with a body no SDK would send (wrong JSON types, oversized fields), signed with the AWS SDK v2's
 * own SigV4 signer (as {@link TestServer#KEY} unless another key is given), so that what the server refuses is the
 * body, not the signature. The one signer of raw calls for every test of the store.
 */
public final class SignedJson {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String JSON = "application/json";

    private SignedJson() {
    }

    /** POSTs {@code body} to {@code path} below {@code base}, signed as {@link TestServer#KEY}. */
    public static HttpResponse<String> post(URI base, String path, String body) throws Exception {
        return post(base.resolve(path), TestServer.KEY, body);
    }

    /** POSTs {@code body} to {@code uri}, signed as {@code key}. */
    public static HttpResponse<String> post(URI uri, AccessKey key, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        headers(uri, key, body.getBytes(StandardCharsets.UTF_8)).forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The headers of a POST of {@code body} to {@code uri} signed as {@code key}, without Host (the HTTP client or the
     * caller's raw socket writes its own): for callers that send the request themselves.
     */
    public static Map<String, String> headers(URI uri, AccessKey key, byte[] body) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader(CONTENT_TYPE, JSON).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                .request(request).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, TestServer.REGION)).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }
}
