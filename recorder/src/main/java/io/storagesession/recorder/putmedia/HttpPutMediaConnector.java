package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Opens PutMedia connections over HTTP for one stream: finds the endpoint, signs the request on a worker thread
 * (credentials may block) and sends the request head with the headers of KVS-WIRE.md §4 over HTTP/1.1. Keep-alive is
 * off: every upload is its own connection, and the service allows one per stream at a time. Each connection's
 * acknowledgement buffer starts at {@code initial-ack-bytes} and grows to {@code max-ack-bytes} only if needed.
 */
final class HttpPutMediaConnector implements PutMediaConnector {
    private static final long MILLIS_PER_SECOND = 1000;

    private final Context context;
    private final StreamId stream;
    private final PutMediaEndpoint endpoint;
    private final PutMediaSigner signer;
    private final HttpClient http;
    private final int initialAckBytes;
    private final int maxAckBytes;

    HttpPutMediaConnector(Vertx vertx, Context context, PutMediaSettings settings, StreamId stream,
                          PutMediaEndpoint endpoint, AwsCredentialsProvider credentials) {
        this.context = context;
        this.stream = stream;
        this.endpoint = endpoint;
        this.signer = new PutMediaSigner(credentials, settings.region(), settings.payloadHash());
        this.initialAckBytes = settings.initialAckBytes();
        this.maxAckBytes = settings.maxAckBytes();
        HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(false).setConnectTimeout((int) settings.connectTimeout().toMillis());
        // https:// data endpoints (KVS's own) are verified against the JVM's trust store and, when configured, one
        // more certificate: a local store behind its own generated certificate.
        settings.trustedCertificate().ifPresent(pem -> options.setTrustOptions(new PemTrustOptions()
                .addCertPath(pem.toString())));
        this.http = vertx.createHttpClient(options);
    }

    /** On failure the cached endpoint is forgotten. */
    @Override
    public Future<PutMediaConnection> open(long id, long startTimecode, PutMediaMetrics metrics,
                                           PutMediaConnection.Listener listener) {
        Map<String, String> headers = headers(startTimecode);
        return endpoint.putMediaUrl(stream, context)
                .compose(url -> context.executeBlocking(() -> signer.sign(url, headers), false)
                        .compose(signed -> http.request(options(url, signed))))
                .map(request -> (PutMediaConnection) new HttpPutMediaConnection(id, request,
                        new AckParser(initialAckBytes, maxAckBytes), metrics, listener))
                .onFailure(e -> endpoint.forget(stream));
    }

    @Override
    public void forgetEndpoint() {
        endpoint.forget(stream);
    }

    @Override
    public Future<Void> close() {
        return http.close();
    }

    /** The PutMedia headers of KVS-WIRE.md §4. */
    private Map<String, String> headers(long startTimecode) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(stream.headerName(), stream.headerValue());
        headers.put("x-amzn-fragment-timecode-type", "ABSOLUTE");
        headers.put("x-amzn-producer-start-timestamp", producerTimestamp(startTimecode));
        headers.put("x-amzn-fragment-acknowledgment-required", "1");
        return headers;
    }

    /** Epoch milliseconds as {@code <seconds>.<millis>}, millis zero-padded as the Java producer writes them. */
    static String producerTimestamp(long epochMillis) {
        return Math.floorDiv(epochMillis, MILLIS_PER_SECOND) + "." + String.format("%03d",
                Math.floorMod(epochMillis, MILLIS_PER_SECOND));
    }

    private static RequestOptions options(URI url, Map<String, List<String>> headers) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString());
        headers.forEach((name, values) -> values.forEach(value -> options.addHeader(name, value)));
        return options;
    }
}
