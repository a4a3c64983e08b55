package io.storagesession.recorder.putmedia;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.AccessKeyStore;
import io.storagesession.api.auth.SigV4Verifier;
import io.storagesession.api.http.ApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PutMedia endpoint for tests: reads the chunked body, verifies the SigV4 signature with the server's own verifier,
 * records what each connection carried, and answers as a per-connection {@link Script} says.
 *
 * <p>Test bodies are ASCII: the stream header is {@code <H>} (a later one {@code <H:name>}) and a fragment
 * {@code <F:timecode:padding>}.
 */
final class ScriptedPutMediaServer implements AutoCloseable {
    static final String ACCESS_KEY = "AKIDPUTMEDIATEST";
    static final String SECRET_KEY = "put-media-test-secret";
    private static final Pattern TOKEN = Pattern.compile("<H(?::\\w+)?>|<F:(\\d+):x*>");

    /** How one connection behaves. */
    interface Script {
        /** Called when the request head arrived; answer 200 (or not) here. */
        default void onRequest(Upload upload) {
            upload.request.response().setChunked(true).setStatusCode(200);
            upload.request.response().writeHead();
        }

        /** Called for every complete fragment; by default BUFFERING, RECEIVED, PERSISTED at once. */
        default void onFragment(Upload upload, long timecode) {
            upload.ack("BUFFERING", timecode);
            upload.ack("RECEIVED", timecode);
            upload.ack("PERSISTED", timecode);
        }

        /** Called for every chunk of the body before it is parsed. */
        default void onBytes(Upload upload, String chunk) {
        }
    }

    /** What one connection carried, and the means to answer it. */
    static final class Upload {
        final int index;
        final HttpServerRequest request;
        final List<String> tokens = new CopyOnWriteArrayList<>();
        final List<Long> persisted = new CopyOnWriteArrayList<>();
        volatile String signatureProblem;
        volatile boolean bodyEnded;
        volatile boolean errored;
        private final StringBuilder body = new StringBuilder();

        Upload(int index, HttpServerRequest request) {
            this.index = index;
            this.request = request;
        }

        /** Sends an acknowledgement, unless an ERROR already ended this upload (KVS-WIRE.md §4). */
        void ack(String type, long timecode) {
            if (errored || !writable()) {
                return;
            }
            raw("{\"EventType\":\"" + type + "\",\"FragmentTimecode\":" + timecode + ",\"FragmentNumber\":\""
                    + (91343852333181432L + timecode) + "\"}");
            if (type.equals("PERSISTED")) {
                persisted.add(timecode);
            }
        }

        void error(long timecode, int errorId) {
            errored = true;
            raw("{\"EventType\":\"ERROR\",\"FragmentTimecode\":" + timecode + ",\"FragmentNumber\":\"1\",\"ErrorId\":"
                    + errorId + "}");
        }

        void raw(String text) {
            if (writable()) {
                request.response().write(text);
            }
        }

        private boolean writable() {
            return request.response().getStatusCode() == 200 && !request.response().closed()
                    && !request.response().ended();
        }

        void drop() {
            request.connection().close();
        }

        List<Long> fragments() {
            List<Long> out = new ArrayList<>();
            for (String t : tokens) {
                if (t.startsWith("<F:")) {
                    out.add(Long.parseLong(t.substring(3, t.indexOf(':', 3))));
                }
            }
            return out;
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final boolean tls;
    private final SigV4Verifier verifier = new SigV4Verifier(
            new AccessKeyStore(List.of(new AccessKey(ACCESS_KEY, SECRET_KEY, null))), PutMediaSigner.SERVICE,
            Duration.ofMinutes(5), Duration.ofDays(7), Clock.systemUTC());
    final List<Upload> uploads = new CopyOnWriteArrayList<>();

    ScriptedPutMediaServer(Vertx vertx, IntFunction<Script> scripts) throws Exception {
        this(vertx, scripts, null);
    }

    /** @param tls a certificate to serve HTTPS with (for "localhost"), or null for plain HTTP */
    ScriptedPutMediaServer(Vertx vertx, IntFunction<Script> scripts, SelfSignedCertificate tls) throws Exception {
        this.vertx = vertx;
        this.tls = tls != null;
        HttpServerOptions options = new HttpServerOptions();
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls.keyCertOptions());
        }
        this.server = vertx.createHttpServer(options).requestHandler(request -> {
            Upload upload = new Upload(uploads.size(), request);
            uploads.add(upload);
            Script script = scripts.apply(upload.index);
            try {
                verifier.verifyHeaders(ApiRoutes.signed(request), null);
            } catch (RuntimeException e) {
                upload.signatureProblem = e.getMessage();
            }
            request.handler(chunk -> {
                String text = chunk.toString();
                script.onBytes(upload, text);
                upload.body.append(text);
                Matcher m = TOKEN.matcher(upload.body);
                int consumed = 0;
                while (m.find()) {
                    if (m.start() != consumed) {
                        upload.tokens.add("?" + upload.body.substring(consumed, m.start()));
                    }
                    consumed = m.end();
                    String token = m.group();
                    upload.tokens.add(token);
                    if (m.group(1) != null) {
                        script.onFragment(upload, Long.parseLong(m.group(1)));
                    }
                }
                upload.body.delete(0, consumed);
            });
            request.endHandler(v -> upload.bodyEnded = true);
            script.onRequest(upload);
        }).listen(0, tls != null ? "localhost" : "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    URI baseUrl() {
        return URI.create(tls ? "https://localhost:" + server.actualPort() : "http://127.0.0.1:" + server.actualPort());
    }

    /** Fragments PERSISTED on any connection, in the order acknowledged. */
    List<Long> persisted() {
        List<Long> all = new ArrayList<>();
        uploads.forEach(u -> all.addAll(u.persisted));
        return all;
    }

    static byte[] header() {
        return "<H>".getBytes();
    }

    static byte[] fragment(long timecode, int padding) {
        return ("<F:" + timecode + ":" + "x".repeat(padding) + ">").getBytes();
    }

    static List<Long> timecodes(long first, long step, int count) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(first + i * step);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get();
    }
}
