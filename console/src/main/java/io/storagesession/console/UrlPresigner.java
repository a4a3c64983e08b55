package io.storagesession.console;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Presigns signaling WebSocket URLs as the KVS SDKs do (KVS-WIRE.md §2), with the AWS SDK v2's own SigV4 signer
 * (query-string location, host signed), an implementation independent of the server's verifier: the console's page
 * gets one for Watch and Be the camera instead of a secret, and the load generators sign with it.
 */
public final class UrlPresigner {
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity identity;
    private final String region;

    public UrlPresigner(String accessKeyId, String secretAccessKey, String region) {
        this.identity = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
        this.region = region;
    }

    /** @param url e.g. {@code ws://127.0.0.1:8080/?X-Amz-ChannelARN=…}; signed as its http(s) form */
    public URI presign(URI url, Duration expiry) {
        String scheme = url.getScheme().equals("wss") ? "https" : "http";
        URI http = URI.create(scheme + url.toString().substring(url.getScheme().length()));
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(http).build();
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity).request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiry)).request();
        return URI.create(url.getScheme() + signed.getUri().toString().substring(scheme.length()));
    }
}
