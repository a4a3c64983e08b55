package io.storagesession.it.reliability;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * A POST whose chunked body the test streams as fast as the server reads it, as a client that does not care what the
 * server answers would: it stops when everything was sent, when the server closes the connection, or when
 * {@code stopWhen} says the answer so far is enough (a PutMedia ERROR acknowledgement). What the server answered is
 * kept, and how much of the body it took before that.
 */
final class StreamedRequest {
    /**
     * How it ended: the status (0 if none came), the KVS error type, the start of the answer, the bytes sent, and
     * whether the server closed the connection before the client was done sending.
     */
    record Result(int status, String errorType, String answer, long bytesSent, boolean closedByServer) {
    }

    /** Enough of an answer (a KVS error, or PutMedia's acknowledgements up to the ERROR) to judge it. */
    private static final int ANSWER_BYTES = 64 * 1024;
    private static final String ERROR_TYPE = "x-amzn-ErrorType";

    private StreamedRequest() {
    }

    /** Request options for {@code path} signed with SigV4 in its headers, its payload UNSIGNED (as PutMedia is). */
    static RequestOptions signed(URI server, String path, Map<String, String> headers, AwsBasicCredentials key) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create(server + path));
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest request = unsigned.build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.request(request).identity(key)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, Region.US_WEST_2.id())
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)).request();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(signed.getUri().toString());
        signed.headers().forEach((name, values) -> values.forEach(v -> options.addHeader(name, v)));
        return options;
    }

    /** Unsigned request options for {@code path}. */
    static RequestOptions unsigned(URI server, String path, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(server + path);
        headers.forEach(options::addHeader);
        return options;
    }

    /**
     * Sends {@code prefix}, then {@code chunk.apply(index)} for index 0, 1, … until {@code totalBytes} went out, the
     * server closed, {@code stopWhen} matched the answer, or {@code limit} passed.
     */
    static Result post(Vertx vertx, RequestOptions options, byte[] prefix, LongFunction<byte[]> chunk,
                       long totalBytes, Predicate<String> stopWhen, Duration limit)
            throws Exception {
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        Exchange exchange = new Exchange(prefix, chunk, totalBytes, stopWhen);
        try {
            http.request(options).onFailure(exchange.done::completeExceptionally).onSuccess(exchange::start);
            try {
                exchange.done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillGoing) {
                exchange.stopped = true;
            }
            return exchange.result();
        } finally {
            http.close().toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One request's state, on the client's event loop. */
    private static final class Exchange {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final byte[] prefix;
        private final LongFunction<byte[]> chunk;
        private final long totalBytes;
        private final Predicate<String> stopWhen;
        private final StringBuilder answer = new StringBuilder();
        private volatile int status;
        private volatile String errorType;
        private volatile long sent;
        private volatile boolean closedByServer;
        private volatile boolean stopped;
        private long index;

        Exchange(byte[] prefix, LongFunction<byte[]> chunk, long totalBytes,
                 Predicate<String> stopWhen) {
            this.prefix = prefix;
            this.chunk = chunk;
            this.totalBytes = totalBytes;
            this.stopWhen = stopWhen;
        }

        void start(HttpClientRequest request) {
            request.setChunked(true);
            request.connection().closeHandler(v -> {
                if (!stopped) {
                    closedByServer = true;
                }
                stopped = true;
                done.complete(null);
            });
            request.response().onSuccess(response -> {
                status = response.statusCode();
                errorType = response.getHeader(ERROR_TYPE);
                response.handler(this::answered);
                response.exceptionHandler(e -> done.complete(null));
            });
            request.write(Buffer.buffer(prefix));
            sent = prefix.length;
            pump(request);
        }

        private void answered(Buffer data) {
            synchronized (answer) {
                if (answer.length() < ANSWER_BYTES) {
                    answer.append(data.toString());
                }
                if (stopWhen.test(answer.toString())) {
                    stopped = true;
                }
            }
        }

        private void pump(HttpClientRequest request) {
            while (!stopped && sent < totalBytes && !request.writeQueueFull()) {
                byte[] next = chunk.apply(index++);
                request.write(Buffer.buffer(next));
                sent += next.length;
            }
            if (!stopped && sent < totalBytes) {
                request.drainHandler(v -> pump(request));
            } else if (!stopped) {
                stopped = true;
                request.end();
            }
        }

        Result result() {
            synchronized (answer) {
                return new Result(status, errorType, answer.toString(), sent, closedByServer);
            }
        }
    }
}
