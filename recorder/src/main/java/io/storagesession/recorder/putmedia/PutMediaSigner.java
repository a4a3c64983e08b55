package io.storagesession.recorder.putmedia;

import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Signs the PutMedia request line and headers with SigV4, service {@code kinesisvideo} (KVS-WIRE.md §1), using the
 * AWS SDK's own signer. The chunked body is never hashed: the payload hash is {@code UNSIGNED-PAYLOAD} (the SDK
 * signer's answer to "payload signing off") or, for {@link PayloadHashMode#EMPTY_SHA256}, the hash of the empty
 * payload the signer is given (KVS-WIRE.md §4).
 *
 * <p>{@link #sign} resolves credentials, which may block (the default chain reads files and may call the instance
 * metadata service): call it on a worker thread, never on an event loop.
 */
final class PutMediaSigner {
    /** The SigV4 service name of every Kinesis Video Streams API (KVS-WIRE.md §1). */
    static final String SERVICE = "kinesisvideo";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final PayloadHashMode payloadHash;

    PutMediaSigner(AwsCredentialsProvider credentials, String region, PayloadHashMode payloadHash) {
        this.credentials = credentials;
        this.region = region;
        this.payloadHash = payloadHash;
    }

    /** The headers to send: {@code headers} plus Host, X-Amz-Date, x-amz-content-sha256 and Authorization. */
    Map<String, List<String>> sign(URI url, Map<String, String> headers) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url);
        headers.forEach(request::putHeader);
        SdkHttpRequest unsigned = request.build();
        return signer.sign(r -> r.request(unsigned)
                .identity(credentials.resolveCredentials())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadHash == PayloadHashMode.EMPTY_SHA256))
                .request().headers();
    }
}
