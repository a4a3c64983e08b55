package io.storagesession.mediastore;

import io.storagesession.recorder.putmedia.AckEvent;
import io.storagesession.recorder.putmedia.AckParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * A bare PutMedia upload for tests (KVS-WIRE.md §4): SigV4-signed headers (the AWS SDK's own signer, UNSIGNED-PAYLOAD),
 * a chunked body written in pieces of {@code chunkBytes}, and the acknowledgements collected until the server ends or
 * closes the response. Unlike the recorder's client it never retries, so what the server answers is what the test sees.
 */
public final class PutMediaTestClient {
    private static final int ACK_BYTES = 4096;
    private static final long TIMEOUT_SECONDS = 60;
    private static final Duration PRESIGN_EXPIRY = Duration.ofMinutes(5);

    /** What came back: the status, the raw body, the acknowledgements parsed from it. */
    public record Result(int status, String body, List<AckEvent> acks, Map<String, String> headers) {
        public List<AckEvent> of(AckEvent.Type type) {
            return acks.stream().filter(a -> a.type() == type).toList();
        }

        public AckEvent error() {
            return of(AckEvent.Type.ERROR).stream().findFirst().orElse(null);
        }
    }

    private PutMediaTestClient() {
    }

    /** The headers of an upload to {@code stream} by name, ABSOLUTE timecodes. */
    public static Map<String, String> headers(String stream) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-amzn-stream-name", stream);
        h.put("x-amzn-fragment-timecode-type", "ABSOLUTE");
        h.put("x-amzn-producer-start-timestamp", "1700000000.000");
        h.put("x-amzn-fragment-acknowledgment-required", "1");
        return h;
    }

    public static Result upload(Vertx vertx, URI base, Map<String, String> headers, byte[] body, int chunkBytes)
            throws Exception {
        return upload(vertx, base, headers, body, chunkBytes, TestServer.KEY.secretAccessKey());
    }

    /** An upload whose body the test writes piece by piece while acknowledgements arrive. */
    public static final class OpenUpload {
        public final List<AckEvent> acks = new CopyOnWriteArrayList<>();
        /** Completes with the HTTP status once the response head arrived. */
        public final CompletableFuture<Integer> status = new CompletableFuture<>();
        /** Completes when the server ended the response or the connection closed. */
        public final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final HttpClient http;
        private final HttpClientRequest request;

        private OpenUpload(HttpClient http, HttpClientRequest request) {
            this.http = http;
            this.request = request;
        }

        public void write(byte[] bytes) {
            request.write(Buffer.buffer(bytes));
        }

        public void end() {
            request.end();
        }

        public List<AckEvent> of(AckEvent.Type type) {
            return acks.stream().filter(a -> a.type() == type).toList();
        }

        public void close() {
            http.close();
        }
    }

    /** Opens an upload (request head sent, chunked body open). */
    public static OpenUpload open(Vertx vertx, URI base, Map<String, String> headers) throws Exception {
        RequestOptions options = signedOptions(base, headers, TestServer.KEY.secretAccessKey());
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        HttpClientRequest request = http.request(options).toCompletionStage().toCompletableFuture()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        OpenUpload upload = new OpenUpload(http, request);
        request.setChunked(true);
        request.response().onFailure(upload.status::completeExceptionally).onSuccess(response -> {
            upload.status.complete(response.statusCode());
            AckParser parser = new AckParser(ACK_BYTES);
            response.handler(chunk -> upload.acks.addAll(parser.feed(chunk)));
            response.endHandler(v -> upload.ended.complete(null));
            response.exceptionHandler(e -> upload.ended.complete(null));
        });
        request.connection().closeHandler(v -> upload.ended.complete(null));
        request.sendHead();
        return upload;
    }

    private static RequestOptions signedOptions(URI base, Map<String, String> headers, String secret) {
        return signedOptions(base, headers, secret, false);
    }

    /**
     * The request signed in its headers (UNSIGNED-PAYLOAD, as the Java producer signs), or presigned in its query
     * with the empty payload's hash (as the Go KVS libraries presign PutMedia).
     */
    static RequestOptions signedOptions(URI base, Map<String, String> headers, String secret, boolean presigned) {
        URI url = URI.create(base + "/putMedia");
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(url);
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest built = unsigned.build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.request(built).identity(AwsBasicCredentials.create(TestServer.KEY.accessKeyId(), secret))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, TestServer.REGION)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, presigned);
            if (presigned) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY);
            }
        }).request();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(signed.getUri().toString());
        signed.headers().forEach((name, values) -> values.forEach(v -> options.addHeader(name, v)));
        return options;
    }

    /** A whole upload presigned in its query rather than signed in its headers. */
    public static Result uploadPresigned(Vertx vertx, URI base, Map<String, String> headers, byte[] body)
            throws Exception {
        return send(vertx, signedOptions(base, headers, TestServer.KEY.secretAccessKey(), true), body, body.length);
    }

    public static Result upload(Vertx vertx, URI base, Map<String, String> headers, byte[] body, int chunkBytes,
                                String secret) throws Exception {
        return send(vertx, signedOptions(base, headers, secret), body, chunkBytes);
    }

    private static Result send(Vertx vertx, RequestOptions options, byte[] body, int chunkBytes) throws Exception {
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        CompletableFuture<Result> result = new CompletableFuture<>();
        try {
            http.request(options).onFailure(result::completeExceptionally).onSuccess(request -> {
                request.setChunked(true);
                request.response().onFailure(result::completeExceptionally).onSuccess(response -> {
                    Buffer collected = Buffer.buffer();
                    Map<String, String> responseHeaders = new LinkedHashMap<>();
                    response.headers().forEach(e -> responseHeaders.put(e.getKey().toLowerCase(), e.getValue()));
                    Runnable finish = () -> {
                        AckParser parser = new AckParser(ACK_BYTES);
                        result.complete(new Result(response.statusCode(), collected.toString(),
                                parser.feed(collected), responseHeaders));
                    };
                    response.handler(collected::appendBuffer);
                    response.endHandler(v -> finish.run());
                    response.exceptionHandler(e -> finish.run());
                });
                for (int at = 0; at < body.length; at += chunkBytes) {
                    request.write(Buffer.buffer().appendBytes(body, at, Math.min(chunkBytes, body.length - at)));
                }
                request.end();
            });
            return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            http.close();
        }
    }
}
