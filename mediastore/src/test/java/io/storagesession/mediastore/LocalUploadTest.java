package io.storagesession.mediastore;

import static io.storagesession.mediastore.TestMkv.cluster;
import static io.storagesession.mediastore.TestMkv.concat;
import static io.storagesession.mediastore.TestMkv.header;
import static io.storagesession.mediastore.TestMkv.simpleBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.api.auth.AccessKey;
import io.storagesession.api.auth.Policy;
import io.storagesession.api.auth.Principal;
import io.storagesession.mediastore.ingest.Ack;
import io.storagesession.mediastore.ingest.LocalUpload;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.StoredFragment;
import io.storagesession.mediastore.store.TimestampKind;
import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-process PutMedia upload ({@link LocalUpload}) against the real store: the same body gives the same
 * acknowledgements as over HTTP, refusals carry the status and error type HTTP answers with, hostile MKV ends it with
 * the same ErrorId, and no upload stays open whatever happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalUploadTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Principal OWN = new Principal(TestServer.KEY, TestServer.REGION);
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    static Path dir;
    private TestServer server;

    /** One acknowledgement as seen by a producer; fragment numbers differ from upload to upload, so they are left out. */
    record Seen(String type, long timecode, int errorId) {
        static Seen of(AckEvent a) {
            return new Seen(a.type().name(), a.fragmentTimecode().orElse(Ack.NONE), a.errorId().orElse(0));
        }
    }

    /**
     * What a local upload reported: its acknowledgements, the fragment numbers they carried (all, and those
     * PERSISTED), then how it ended.
     */
    record Outcome(List<Seen> acks, List<Long> numbers, List<Long> persisted, String end) {
    }

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(dir, "media-store.put-media.idle-ack-interval = 100s");
        server.createStream("guarded", 1);
        server.createStream("hostile-local", 1);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void storesTheRecordingWithTheAcknowledgementsOfTheHttpUpload() throws Exception {
        server.createStream("local-good", 1);
        server.createStream("http-good", 1);
        TestMkv.Recording recording = TestMkv.recording(T0, 4, 2000, 11);
        Outcome local = upload(OWN, "local-good", recording.all(), 1000);
        PutMediaTestClient.Result http = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers("http-good"), recording.all(), 1000);

        assertThat(local.end()).isEqualTo("ended");
        List<Seen> overHttp = http.acks().stream().map(Seen::of).toList();
        for (String type : List.of("BUFFERING", "RECEIVED", "PERSISTED")) {
            assertThat(local.acks()).as("%s as over HTTP", type).filteredOn(a -> a.type().equals(type))
                    .isEqualTo(overHttp.stream().filter(a -> a.type().equals(type)).toList());
        }
        assertThat(local.acks()).as("BUFFERING and RECEIVED alternate, as over HTTP")
                .filteredOn(a -> !a.type().equals("PERSISTED"))
                .isEqualTo(overHttp.stream().filter(a -> !a.type().equals("PERSISTED")).toList());
        for (TestMkv.Fragment f : recording.fragments()) {
            List<String> acksOfF = local.acks().stream().filter(a -> a.timecode() == f.timecode()).map(Seen::type)
                    .toList();
            assertThat(acksOfF).as("fragment %d", f.timecode()).containsExactly("BUFFERING", "RECEIVED", "PERSISTED");
        }
        assertThat(local.acks()).filteredOn(a -> a.type().equals("PERSISTED")).extracting(Seen::timecode)
                .containsExactly(T0, T0 + 2000, T0 + 4000, T0 + 6000);
        String arn = server.registry.streamByName("local-good").orElseThrow().arn();
        List<FragmentInfo> listed = server.mediaStore.store().list(arn, TimestampKind.PRODUCER_TIMESTAMP, 0, Long.MAX_VALUE, 100);
        assertThat(listed).extracting(FragmentInfo::number).containsExactlyElementsOf(local.numbers().stream()
                .distinct().toList());
        StoredFragment third = server.mediaStore.store().read(arn, listed.get(2).number()).orElseThrow();
        List<TestMkv.Frame> sent = recording.fragments().get(2).frames();
        assertThat(third.frames()).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(third.frames().get(i).data()).as("frame %d plays back as sent", i).isEqualTo(sent.get(i).data());
            assertThat(third.frames().get(i).timestampMillis()).isEqualTo(sent.get(i).timecode());
        }
        awaitNoUploadOpen();
    }

    static List<Arguments> refusals() {
        return List.of(
                Arguments.of("an unknown stream", "no-such-stream", OWN, "refused 404 ResourceNotFoundException"),
                Arguments.of("a caller without PutMedia", "guarded", new Principal(new AccessKey("AKIDREADONLY",
                        "secret", new Policy(List.of("kinesisvideo:GetMedia"), List.of("*"))), TestServer.REGION), "refused 401 NotAuthorizedException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesBeforeTheBodyAsHttpWould(String what, String stream, Principal principal, String expected)
            throws Exception {
        Outcome o = upload(principal, stream, TestMkv.recording(T0, 1, 1000, 1).all(), 4096);
        assertThat(o.end()).startsWith(expected);
        assertThat(o.acks()).isEmpty();
        awaitNoUploadOpen();
    }

    static List<Arguments> hostile() {
        return HostileUploadTest.refusedFragments().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusesHostileMkvWithTheErrorIdOfTheHttpUploadAndLeaksNothing(String what, byte[] body, int errorId)
            throws Exception {
        Outcome o = upload(OWN, "hostile-local", body, 64);
        assertThat(o.acks()).as("ends with the ERROR").last().extracting(Seen::type, Seen::errorId)
                .containsExactly("ERROR", errorId);
        assertThat(o.acks()).as("the fragment before the bad one is received and kept")
                .filteredOn(a -> !a.type().equals("BUFFERING") && !a.type().equals("ERROR"))
                .containsExactly(new Seen("RECEIVED", HostileUploadTest.KEPT_TIMECODE, 0),
                        new Seen("PERSISTED", HostileUploadTest.KEPT_TIMECODE, 0));
        String arn = server.registry.streamByName("hostile-local").orElseThrow().arn();
        long kept = o.persisted().get(0);
        assertThat(server.mediaStore.store().last(arn)).map(FragmentInfo::number)
                .as("the newest of the stream: nothing of the refused one was stored").hasValue(kept);
        assertThat(server.mediaStore.store().read(arn, kept).orElseThrow().frames())
                .singleElement().satisfies(f -> assertThat(f.data()).isEqualTo(HostileUploadTest.KEPT_FRAME));
        assertThat(o.end()).isEqualTo("ended");
        awaitNoUploadOpen();
    }

    @Test
    void anOversizedFragmentIs4001NamingItsTimecode() throws Exception {
        TestServer small = TestServer.start(dir.resolve("small"), "media-store.limits.max-fragment-size = 2KiB\n"
                + "media-store.put-media.max-unpersisted-bytes = 2KiB");
        try {
            small.createStream("small", 1);
            Outcome o = upload(small, OWN, "small", concat(header(1), cluster(T0, simpleBlock(1, 0, true, 100)),
                    cluster(T0 + 1000, simpleBlock(1, 0, true, 1500), simpleBlock(1, 40, false, 1500))), 512);
            assertThat(o.acks()).as("the first fragment is still persisted, before the ERROR ends the upload")
                    .containsExactlyInAnyOrder(new Seen("BUFFERING", T0, 0), new Seen("RECEIVED", T0, 0),
                            new Seen("PERSISTED", T0, 0), new Seen("BUFFERING", T0 + 1000, 0),
                            new Seen("ERROR", T0 + 1000, ErrorIds.FRAGMENT_TOO_LARGE));
            assertThat(o.acks()).last().isEqualTo(new Seen("ERROR", T0 + 1000, ErrorIds.FRAGMENT_TOO_LARGE));
            await().atMost(Duration.ofSeconds(10)).until(() -> small.mediaStore.metrics().openUploads() == 0);
        } finally {
            small.close();
        }
    }

    @Test
    void aProducerThatGoesAwayMidFragmentFreesTheStream() throws Exception {
        server.createStream("abandoned", 1);
        byte[] body = TestMkv.recording(T0, 2, 1000, 3).all();
        CompletableFuture<LocalUpload> opened = new CompletableFuture<>();
        Context context = server.vertx.getOrCreateContext();
        context.runOnContext(v -> {
            LocalUpload u = server.mediaStore.putMedia().openLocal(OWN, "abandoned", null, T0, context,
                    new Collector(new CompletableFuture<>()));
            u.write(body, 0, body.length / 2);
            opened.complete(u);
        });
        LocalUpload upload = opened.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(server.mediaStore.putMedia().openUploads()).as("the abandoned upload").isOne();
        context.runOnContext(v -> upload.close());
        awaitNoUploadOpen();
    }

    @Test
    void aNewerUploadOfTheStreamEndsTheOlderOne() throws Exception {
        server.createStream("twice", 1);
        CompletableFuture<Outcome> first = new CompletableFuture<>();
        Context context = server.vertx.getOrCreateContext();
        byte[] header = header(1);
        context.runOnContext(v -> server.mediaStore.putMedia().openLocal(OWN, "twice", null, T0, context,
                new Collector(first)).write(header, 0, header.length));
        Outcome second = upload(OWN, "twice", TestMkv.recording(T0, 1, 1000, 5).all(), 4096);
        assertThat(first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).end()).isEqualTo("ended");
        assertThat(second.acks()).extracting(Seen::type).containsExactly("BUFFERING", "RECEIVED", "PERSISTED");
        awaitNoUploadOpen();
    }

    private Outcome upload(Principal principal, String stream, byte[] body, int chunk) throws Exception {
        return upload(server, principal, stream, body, chunk);
    }

    /** Writes {@code body} in pieces of {@code chunk} on a context, ends it, and waits for the upload's end. */
    private static Outcome upload(TestServer on, Principal principal, String stream, byte[] body, int chunk)
            throws Exception {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        Context context = on.vertx.getOrCreateContext();
        context.runOnContext(v -> {
            LocalUpload upload = on.mediaStore.putMedia().openLocal(principal, stream, null, T0, context,
                    new Collector(done));
            for (int at = 0; at < body.length; at += chunk) {
                upload.write(body, at, Math.min(chunk, body.length - at));
            }
            upload.endBody();
        });
        return done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void awaitNoUploadOpen() {
        await("no upload stays open").atMost(Duration.ofSeconds(10))
                .until(() -> server.mediaStore.putMedia().openUploads() == 0
                        && server.mediaStore.metrics().openUploads() == 0);
    }

    /** Collects what a local upload reports, and checks it is on one thread. */
    private static final class Collector implements LocalUpload.Listener {
        private final List<Seen> acks = new CopyOnWriteArrayList<>();
        private final List<Long> numbers = new CopyOnWriteArrayList<>();
        private final List<Long> persisted = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Outcome> done;

        Collector(CompletableFuture<Outcome> done) {
            this.done = done;
        }

        @Override
        public void ack(Ack.Type type, long timecode, long number, int errorId) {
            assertThat(Context.isOnEventLoopThread()).isTrue();
            acks.add(new Seen(type.name(), timecode, errorId));
            if (number != Ack.NONE) {
                numbers.add(number);
                if (type == Ack.Type.PERSISTED) {
                    persisted.add(number);
                }
            }
        }

        @Override
        public void refused(int status, String errorType, String message) {
            done.complete(new Outcome(List.copyOf(acks), List.copyOf(numbers), List.copyOf(persisted), "refused "
                    + status + " " + errorType + ": " + message));
        }

        @Override
        public void ended() {
            done.complete(new Outcome(List.copyOf(acks), List.copyOf(numbers), List.copyOf(persisted), "ended"));
        }
    }
}
