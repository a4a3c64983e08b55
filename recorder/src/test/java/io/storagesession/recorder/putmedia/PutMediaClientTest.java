package io.storagesession.recorder.putmedia;

import static io.storagesession.recorder.putmedia.ScriptedPutMediaServer.fragment;
import static io.storagesession.recorder.putmedia.ScriptedPutMediaServer.header;
import static io.storagesession.recorder.putmedia.ScriptedPutMediaServer.timecodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.storagesession.recorder.putmedia.ScriptedPutMediaServer.Script;
import io.storagesession.recorder.putmedia.ScriptedPutMediaServer.Upload;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The PutMedia client against a scripted endpoint that reads the chunked body and answers with ACK sequences. */
class PutMediaClientTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String FAST = "backoff.initial = 50ms, backoff.max = 400ms, close-timeout = 5s";
    /** How long the slow service of {@link #waitsForSlowAcksWithoutResending} sits on its acknowledgements. */
    private static final long SLOW_ACK_MILLIS = 300;

    private final Vertx vertx = Vertx.vertx();
    private ScriptedPutMediaServer server;
    /** The client's timers, each noted with the connections the server had seen when it fired. */
    private final TimerLog timers = new TimerLog(vertx, () -> server.uploads.size());
    private PutMediaClient client;
    /** What the upload said about its delivery, in order: "failing: …", "delivering", "lost n: …". */
    private final List<String> healthEvents = new CopyOnWriteArrayList<>();
    private final UploadHealth health = new UploadHealth() {
        @Override
        public void failing(String reason) {
            healthEvents.add("failing: " + reason);
        }

        @Override
        public void delivering() {
            healthEvents.add("delivering");
        }

        @Override
        public void lost(int fragments, String reason) {
            healthEvents.add("lost " + fragments + ": " + reason);
        }
    };

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private void start(String settings, IntFunction<Script> scripts) throws Exception {
        start(settings, scripts, ScriptedPutMediaServer.SECRET_KEY);
    }

    private void start(String settings, IntFunction<Script> scripts, String secret) throws Exception {
        start(settings, scripts, secret, null);
    }

    private void start(String settings, IntFunction<Script> scripts, String secret, SelfSignedCertificate tls)
            throws Exception {
        server = new ScriptedPutMediaServer(vertx, scripts, tls);
        PutMediaSettings s = PutMediaSettings.from(ConfigFactory.parseString("recorder.put-media {" + settings + "}")
                .withFallback(ConfigFactory.defaultReference()));
        client = new PutMediaClient(timers.vertx(), vertx.getOrCreateContext(), s, StreamId.ofName("front-door"),
                PutMediaEndpoint.fixed(server.baseUrl()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ScriptedPutMediaServer.ACCESS_KEY, secret)),
                PutMediaMetrics.Export.NONE, health);
        client.streamHeader(header());
    }

    private void send(List<Long> timecodes, int padding) {
        timecodes.forEach(tc -> client.fragment(fragment(tc, padding), tc));
    }

    private void closeAndExpectSuccess() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The upload ends, and says it gave fragments up: its close fails (the recording logs it as lost). */
    private void closeAndExpectGivenUp() {
        assertThat(client.close().toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class).withMessageContaining("given up before");
    }

    /** Every connection starts with the header; no fragment PERSISTED earlier is sent again; order is kept. */
    private void assertLossless(List<Long> expected) {
        assertThat(server.persisted()).containsExactlyElementsOf(expected);
        Set<Long> persistedBefore = new HashSet<>();
        for (Upload u : server.uploads) {
            assertThat(u.signatureProblem).as("SigV4 of connection %d", u.index).isNull();
            if (!u.tokens.isEmpty()) {
                assertThat(u.tokens.get(0)).as("first bytes of connection %d", u.index).isEqualTo("<H>");
            }
            List<Long> sent = u.fragments();
            assertThat(sent).as("connection %d resends nothing persisted", u.index)
                    .noneMatch(persistedBefore::contains);
            assertThat(sent).as("connection %d keeps order", u.index).isSorted();
            persistedBefore.addAll(u.persisted);
        }
        assertThat(client.metrics().fragmentsPersisted()).isEqualTo(expected.size());
        assertThat(client.metrics().bufferedFragments()).isZero();
    }

    @Test
    void uploadsEveryFragmentOnceWithTheKvsHeadersAndAVerifiedSignature() throws Exception {
        start(FAST, i -> new Script() { });
        List<Long> tcs = timecodes(T0, 2000, 10);
        send(tcs, 100);
        closeAndExpectSuccess();

        assertLossless(tcs);
        assertThat(server.uploads).hasSize(1);
        Upload u = server.uploads.get(0);
        assertThat(u.signatureProblem).isNull();
        var h = u.request.headers();
        assertThat(u.request.method().name()).isEqualTo("POST");
        assertThat(u.request.path()).isEqualTo("/putMedia");
        assertThat(h.get("x-amzn-stream-name")).isEqualTo("front-door");
        assertThat(h.get("x-amzn-fragment-timecode-type")).isEqualTo("ABSOLUTE");
        assertThat(h.get("x-amzn-producer-start-timestamp")).isEqualTo("1700000000.000");
        assertThat(h.get("x-amzn-fragment-acknowledgment-required")).isEqualTo("1");
        assertThat(h.get("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        assertThat(h.get("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(h.get("Authorization")).matches("AWS4-HMAC-SHA256 Credential=" + ScriptedPutMediaServer.ACCESS_KEY
                + "/\\d{8}/us-west-2/kinesisvideo/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, "
                + "Signature=[0-9a-f]{64}");
        await("close() ends the chunked body").atMost(Duration.ofSeconds(2)).until(() -> u.bodyEnded);
        assertThat(client.metrics().fragmentsSent()).isEqualTo(10);
        assertThat(client.metrics().fragmentsResent()).isZero();
        assertThat(client.metrics().ackLatencyCount()).isEqualTo(10);
    }

    @Test
    void signsWithTheEmptyPayloadHashAsTheCProducerDoes() throws Exception {
        start(FAST + ", payload-hash = EMPTY_SHA256", i -> new Script() { });
        send(timecodes(T0, 1000, 3), 10);
        closeAndExpectSuccess();
        Upload u = server.uploads.get(0);
        assertThat(u.signatureProblem).isNull();
        assertThat(u.request.getHeader("x-amz-content-sha256"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void readsAcksSplitAcrossChunksAndSeveralPerChunk() throws Exception {
        start(FAST, i -> new Script() {
            private final StringBuilder pending = new StringBuilder();
            private int cut = 1;

            @Override
            public void onFragment(Upload upload, long timecode) {
                pending.append("{\"EventType\":\"BUFFERING\",\"FragmentTimecode\":").append(timecode).append("}")
                        .append("{\"EventType\":\"RECEIVED\",\"FragmentTimecode\":").append(timecode).append("}\n")
                        .append("{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":").append(timecode)
                        .append(",\"FragmentNumber\":\"9134385233318150").append(timecode % 1000).append("\"}");
                upload.persisted.add(timecode);
                // Odd fragments: written in pieces of 1..13 bytes; even ones: kept and written with the next one.
                if ((timecode / 1000) % 2 == 1) {
                    while (pending.length() > 0) {
                        int n = Math.min(cut, pending.length());
                        upload.raw(pending.substring(0, n));
                        pending.delete(0, n);
                        cut = cut % 13 + 1;
                    }
                }
            }
        });
        List<Long> tcs = timecodes(T0, 1000, 12);
        send(tcs, 50);
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(client.metrics().garbageAcks()).isZero();
        assertThat(server.uploads).hasSize(1);
    }

    /**
     * The service holds every PERSISTED back until the last fragment has arrived, and a while longer: the client keeps
     * sending, resends nothing, and counts each fragment's latency from its hand-over to its PERSISTED, so at least
     * the time the service held the first one (handed over before it arrived, its PERSISTED read after it was sent).
     */
    @Test
    void waitsForSlowAcksWithoutResending() throws Exception {
        List<Long> tcs = timecodes(T0, 1000, 5);
        List<Long> held = new CopyOnWriteArrayList<>();
        AtomicLongArray heldNanos = new AtomicLongArray(2);
        start(FAST, i -> new Script() {
            @Override
            public void onFragment(Upload upload, long timecode) {
                upload.ack("RECEIVED", timecode);
                if (held.isEmpty()) {
                    heldNanos.set(0, System.nanoTime());
                }
                held.add(timecode);
                if (held.size() == tcs.size()) {
                    vertx.setTimer(SLOW_ACK_MILLIS, t -> {
                        heldNanos.set(1, System.nanoTime());
                        held.forEach(tc -> upload.ack("PERSISTED", tc));
                    });
                }
            }
        });
        send(tcs, 10);
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.uploads).hasSize(1);
        assertThat(client.metrics().fragmentsResent()).isZero();
        assertThat(client.metrics().connectionFailures()).isZero();
        assertThat(client.metrics().ackLatencyCount()).isEqualTo(tcs.size());
        assertThat(client.metrics().ackLatencyMaxMillis()).as("the first fragment's latency covers its wait")
                .isGreaterThanOrEqualTo(TimeUnit.NANOSECONDS.toMillis(heldNanos.get(1) - heldNanos.get(0)));
    }

    @Test
    void resendsOnlyWhatWasNotPersistedAfterAnErrorMidStream() throws Exception {
        List<Long> tcs = timecodes(T0, 1000, 8);
        start(FAST, i -> i > 0 ? new Script() { } : new Script() {
            @Override
            public void onFragment(Upload upload, long timecode) {
                if (timecode < tcs.get(3)) {
                    Script.super.onFragment(upload, timecode);
                } else if (timecode == tcs.get(3)) {
                    upload.ack("RECEIVED", timecode);
                    upload.error(timecode, 5000);
                }
            }
        });
        send(tcs, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == tcs.size());
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.uploads).hasSize(2);
        assertThat(server.uploads.get(1).fragments()).startsWith(tcs.get(3));
        assertThat(client.metrics().errorAcks()).isEqualTo(1);
        assertThat(client.metrics().fragmentsResent()).isPositive();
    }

    @Test
    void reconnectsAfterTheConnectionDropsMidFragment() throws Exception {
        List<Long> tcs = timecodes(T0, 1000, 6);
        start(FAST, i -> i > 0 ? new Script() { } : new Script() {
            @Override
            public void onBytes(Upload upload, String chunk) {
                // Fragments of 200 kB arrive in many chunks: the first bytes of the third one end the connection.
                if (chunk.contains("<F:" + tcs.get(2))) {
                    upload.drop();
                }
            }
        });
        send(tcs, 200_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == tcs.size());
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.uploads.size()).isGreaterThanOrEqualTo(2);
        assertThat(server.uploads.get(0).persisted).containsExactly(tcs.get(0), tcs.get(1));
    }

    /**
     * The recorder gives each fragment's chunks away (the last only partly filled, over bytes of an earlier use) and
     * the client keeps them as they are, no copy: what it keeps is what it sends, and resends whole after a lost
     * connection.
     */
    @Test
    void aFragmentGivenInChunksIsKeptAsGivenAndResentWhole() throws Exception {
        List<Long> tcs = timecodes(T0, 1000, 5);
        start(FAST, i -> i > 0 ? new Script() { } : new Script() {
            @Override
            public void onBytes(Upload upload, String chunk) {
                if (chunk.contains("<F:" + tcs.get(3))) {
                    upload.drop();
                }
            }
        });
        FragmentBytes chunks = new FragmentBytes(client.chunkPool());
        chunks.write("#".repeat(200_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 200_000);
        chunks.release();
        for (long tc : tcs) {
            byte[] fragment = fragment(tc, 100_000);
            chunks.write(fragment, 0, 7);
            chunks.write(fragment, 7, fragment.length - 7);
            client.handOver(chunks, tc);
            assertThat(chunks.length()).as("the chunks went with the fragment").isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == tcs.size());
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.uploads.size()).isGreaterThanOrEqualTo(2);
        assertThat(client.metrics().fragmentsResent()).isPositive();
        for (Upload u : server.uploads) {
            assertThat(u.tokens).as("connection %d sent only the fragments' own bytes", u.index)
                    .noneMatch(t -> t.contains("#"));
        }
    }

    @Test
    void backsOffAfterHttpErrorsAtConnect() throws Exception {
        start("backoff.initial = 100ms, backoff.max = 1s, backoff.jitter = 0", i -> i >= 3 ? new Script() { }
                : new Script() {
                    @Override
                    public void onRequest(Upload upload) {
                        upload.request.response().setStatusCode(i == 0 ? 403 : 500)
                                .putHeader("x-amzn-ErrorType", i == 0 ? "AccessDeniedException" : "InternalFailure")
                                .end("{}");
                    }
                });
        List<Long> tcs = timecodes(T0, 1000, 4);
        send(tcs, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == tcs.size());
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.uploads).hasSize(4);
        // After the n-th refused connection a timer of the n-th backoff fires, and only then does connection n + 1
        // come: the server had seen exactly n when it fired.
        assertThat(timers.fired()).as("backoff timers, each noted with the connections seen").containsExactly(
                new TimerLog.Fired(100, 1), new TimerLog.Fired(200, 2), new TimerLog.Fired(400, 3));
        assertThat(client.metrics().connectionFailures()).isEqualTo(3);
        // Loud while it fails, quiet again once a fragment is persisted (what /health and the ERROR log follow).
        assertThat(healthEvents.subList(0, 3)).allMatch(e -> e.startsWith("failing: ") && e.contains("403")
                || e.contains("500"));
        assertThat(healthEvents.get(3)).isEqualTo("delivering");
        assertThat(healthEvents).noneMatch(e -> e.startsWith("lost"));
    }

    @Test
    void reportsFragmentsItGivesUpAsLostAndItsCloseFails() throws Exception {
        start("backoff.initial = 50ms, backoff.max = 100ms, close-timeout = 1s", i -> new Script() {
            @Override
            public void onRequest(Upload upload) {
                upload.request.response().setStatusCode(500).putHeader("x-amzn-ErrorType", "InternalFailure")
                        .end("{}");
            }
        });
        send(timecodes(T0, 1000, 2), 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> !healthEvents.isEmpty());
        assertThat(client.close().toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
        assertThat(healthEvents.get(0)).startsWith("failing: ");
        assertThat(healthEvents).contains("lost 1: sent on 5 connections without being persisted")
                .doesNotContain("delivering");
    }

    @Test
    void countsGarbageInTheAckStreamAndCarriesOn() throws Exception {
        start(FAST, i -> new Script() {
            @Override
            public void onFragment(Upload upload, long timecode) {
                upload.raw("not json at all }{\"EventType\":\"NOPE\",\"FragmentTimecode\":1}");
                upload.raw("{\"EventType\":\"PERSISTED\",\"FragmentTimecode\":\"soon\"}[1,2]{broken");
                upload.raw("}");
                Script.super.onFragment(upload, timecode);
            }
        });
        List<Long> tcs = timecodes(T0, 1000, 5);
        send(tcs, 10);
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.uploads).hasSize(1);
        assertThat(client.metrics().garbageAcks()).isGreaterThanOrEqualTo(5 * 3);
    }

    @Test
    void dropsAFragmentTheServiceCallsInvalidInsteadOfResendingItForever() throws Exception {
        List<Long> tcs = timecodes(T0, 1000, 5);
        start(FAST, i -> new Script() {
            @Override
            public void onFragment(Upload upload, long timecode) {
                if (timecode == tcs.get(1)) {
                    upload.error(timecode, 4006);
                } else {
                    Script.super.onFragment(upload, timecode);
                }
            }
        });
        send(tcs, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == tcs.size() - 1);
        closeAndExpectGivenUp();
        List<Long> good = new ArrayList<>(tcs);
        good.remove(tcs.get(1));
        assertLossless(good);
        long sendsOfBad = server.uploads.stream().flatMap(u -> u.fragments().stream()).filter(tcs.get(1)::equals).count();
        assertThat(sendsOfBad).isEqualTo(1);
        assertThat(client.metrics().fragmentsRejected()).isEqualTo(1);
    }

    @Test
    void aNewStreamHeaderGoesBeforeTheFragmentsAfterItAlsoWhenTheyAreResent() throws Exception {
        List<Long> tcs = timecodes(T0, 1000, 6);
        start(FAST, i -> new Script() {
            @Override
            public void onFragment(Upload upload, long timecode) {
                if (i == 0 && timecode == tcs.get(4)) {
                    upload.drop();
                } else if (i > 0 || timecode < tcs.get(3)) {
                    Script.super.onFragment(upload, timecode);
                }
            }
        });
        send(tcs.subList(0, 3), 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == 3);
        client.streamHeader("<H:B>".getBytes());
        send(tcs.subList(3, 6), 10);
        closeAndExpectSuccess();

        assertThat(server.persisted()).containsExactlyElementsOf(tcs);
        assertThat(server.uploads.get(0).tokens.subList(0, 6)).containsExactly("<H>", "<F:" + tcs.get(0) + ":"
                + "x".repeat(10) + ">", "<F:" + tcs.get(1) + ":" + "x".repeat(10) + ">", "<F:" + tcs.get(2) + ":"
                + "x".repeat(10) + ">", "<H:B>", "<F:" + tcs.get(3) + ":" + "x".repeat(10) + ">");
        // The resent fragments belong to the new header only: the old one is not sent again.
        Upload second = server.uploads.get(1);
        assertThat(second.tokens.get(0)).isEqualTo("<H:B>");
        assertThat(second.tokens).doesNotContain("<H>");
        assertThat(second.fragments()).containsExactlyElementsOf(tcs.subList(3, 6));
    }

    @Test
    void uploadsOverTlsToAnEndpointWhoseCertificateIsTrusted() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        start(FAST + ", trusted-certificate = \"" + certificate.certificatePath() + "\"", i -> new Script() { },
                ScriptedPutMediaServer.SECRET_KEY, certificate);
        List<Long> tcs = timecodes(T0, 1000, 4);
        send(tcs, 10);
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.baseUrl().getScheme()).isEqualTo("https");
    }

    @Test
    void refusesAnEndpointWhoseCertificateIsNotTrusted() throws Exception {
        start(FAST + ", close-timeout = 1s", i -> new Script() { }, ScriptedPutMediaServer.SECRET_KEY,
                SelfSignedCertificate.create("localhost"));
        send(timecodes(T0, 1000, 2), 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.metrics().connectionFailures() >= 2);
        assertThat(server.uploads).isEmpty();
        assertThat(client.close().toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(10,
                TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void replacesAConnectionBeforeItsMaximumDurationWithoutLosingOrRepeatingFragments() throws Exception {
        start(FAST + ", max-connection-duration = 300ms", i -> new Script() { });
        List<Long> tcs = timecodes(T0, 1000, 12);
        // The rotation timer starts when a connection opens, and opening one (endpoint discovery included) may
        // take longer than a whole send loop on a loaded machine: wait for the first, then for its rotation, so
        // that the next fragments must travel on a second connection; then the same again for the second.
        client.fragment(fragment(tcs.get(0), 10), tcs.get(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.uploads.get(0).bodyEnded);
        send(tcs.subList(1, 6), 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.persisted().size() == 6);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.uploads.get(1).bodyEnded);
        send(tcs.subList(6, tcs.size()), 10);
        closeAndExpectSuccess();
        assertLossless(tcs);
        assertThat(server.uploads.size()).as("two rotations at least").isGreaterThanOrEqualTo(3);
        assertThat(server.uploads.get(0).fragments()).containsExactly(tcs.get(0));
        assertThat(tcs.subList(1, 6)).as("the second connection carried only what was sent before it rotated")
                .containsAll(server.uploads.get(1).fragments());
        assertThat(client.metrics().fragmentsResent()).isZero();
        assertThat(client.metrics().connectionFailures()).isZero();
    }

    @Test
    void dropsTheOldestMediaWhenTheBufferOverflows() throws Exception {
        // Nothing is persisted until fragment 9 has been handed over; 3 s of media fit in the buffer.
        List<Long> tcs = timecodes(T0, 1000, 10);
        start(FAST + ", max-buffered-media = 3s", i -> new Script() {
            @Override
            public void onFragment(Upload upload, long timecode) {
                if (client.metrics().fragmentsDropped() >= 6) {
                    Script.super.onFragment(upload, timecode);
                } else {
                    upload.ack("BUFFERING", timecode);
                }
            }
        });
        send(tcs, 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.metrics().fragmentsDropped() == 6);
        closeAndExpectGivenUp();
        assertThat(server.persisted()).containsExactlyElementsOf(tcs.subList(6, 10));
    }

    @Test
    void closeGivesUpAfterItsTimeoutWhenNothingIsPersisted() throws Exception {
        start(FAST + ", close-timeout = 500ms", i -> new Script() {
            @Override
            public void onFragment(Upload upload, long timecode) {
                upload.ack("RECEIVED", timecode);
            }
        });
        send(timecodes(T0, 1000, 3), 10);
        var closing = client.close().toCompletionStage().toCompletableFuture();
        assertThat(closing).failsWithin(Duration.ofSeconds(3)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("3 fragment(s)");
        // The close gives up from its timer's handler alone (any other end cancels that timer), so it fired first.
        assertThat(timers.fired()).extracting(TimerLog.Fired::delayMillis).as("the close timeout fired")
                .containsOnlyOnce(500L);
        assertThat(client.metrics().fragmentsDropped()).isEqualTo(3);
    }

    @Test
    void aWrongSecretIsRefusedByTheServersVerifier() throws Exception {
        start(FAST + ", close-timeout = 300ms", i -> new Script() { }, "not-the-secret");
        send(timecodes(T0, 1000, 2), 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.uploads.isEmpty());
        assertThat(server.uploads.get(0).signatureProblem).isNotNull();
        client.close();
    }
}
