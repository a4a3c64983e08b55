package io.storagesession.mediastore;

import static io.storagesession.mediastore.TestMkv.cluster;
import static io.storagesession.mediastore.TestMkv.concat;
import static io.storagesession.mediastore.TestMkv.element;
import static io.storagesession.mediastore.TestMkv.header;
import static io.storagesession.mediastore.TestMkv.simpleBlock;
import static io.storagesession.mediastore.TestMkv.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ListFragmentsResponse;

/**
 * Hostile and broken PutMedia uploads: each is refused with the ErrorId (or HTTP error) KVS gives it
 * (KVS-WIRE.md §4), the fragment before the bad one is still PERSISTED, listed and readable, and the server stays
 * unharmed: a good upload works afterwards, no upload stays open, and no file handle or connection leaks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileUploadTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String STREAM = "hostile";
    /** A SimpleBlock, Tracks or unknown element claiming a size no limit allows (2^40 bytes). */
    private static final byte[] GIANT_SIZE = {0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
    /** File descriptors that may come and go meanwhile (H2, logging, the JIT) without being a leak. */
    private static final int FD_SLACK = 10;
    /** The good fragment every hostile case follows: its timecode, and its one frame (a recognisable pattern). */
    static final long KEPT_TIMECODE = T0 - 1000;
    private static final int KEPT_FRAME_BYTES = 100;
    private static final int KEYFRAME = 0x80;
    static final byte[] KEPT_FRAME = keptFrame();
    private static final byte[] KEPT = kept();

    @TempDir
    static Path dir;
    private TestServer server;
    private io.storagesession.api.registry.Stream stream;
    private long fdsBefore;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(dir);
        stream = server.createStream(STREAM, 1);
        fdsBefore = openFileDescriptors();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    /**
     * Each hostile input follows {@link #KEPT}, a stream header and one good fragment, so that every case shows the
     * fragments before the bad one kept: some continue in the kept fragment's Segment, some begin a new stream header.
     */
    static Stream<Arguments> refusedFragments() {
        byte[] one = header(1);
        byte[] two = header(2);
        byte[] good = cluster(T0, simpleBlock(1, 0, true, 100));
        return Stream.of(
                refused("truncated inside a block", Arrays.copyOf(cluster(T0, simpleBlock(1, 0, true, 500)), 300),
                        ErrorIds.INVALID_MKV),
                refused("garbage where the next element should be", new byte[] {0, 0, 0, 0, 1, 2, 3},
                        ErrorIds.INVALID_MKV),
                refused("a cluster before the new stream header's Tracks", concat(TestMkv.ebmlHeader(),
                        TestMkv.unknownSize(MatroskaIds.SEGMENT), cluster(T0, simpleBlock(1, 0, true, 10))),
                        ErrorIds.INVALID_MKV),
                refused("a block claiming 2^40 bytes", concat(TestMkv.unknownSize(MatroskaIds.CLUSTER),
                        TestMkv.uint(MatroskaIds.TIMECODE, T0), new byte[] {(byte) 0xA3}, GIANT_SIZE),
                        ErrorIds.FRAGMENT_TOO_LARGE),
                refused("Tracks claiming 2^40 bytes", concat(TestMkv.ebmlHeader(),
                        TestMkv.unknownSize(MatroskaIds.SEGMENT), new byte[] {0x16, 0x54, (byte) 0xAE, 0x6B},
                        GIANT_SIZE),
                        ErrorIds.INVALID_MKV),
                refused("an unknown element claiming 2^40 bytes", concat(one, new byte[] {0x4F, 0x11}, GIANT_SIZE),
                        ErrorIds.INVALID_MKV),
                refused("timecodes going backwards", cluster(KEPT_TIMECODE - 1000, simpleBlock(1, 0, true, 100)),
                        ErrorIds.TIMECODE_BACKWARDS),
                refused("four tracks", concat(header(4), cluster(T0, simpleBlock(1, 0, true, 10))),
                        ErrorIds.TOO_MANY_TRACKS),
                refused("a block of an undeclared track", cluster(T0, simpleBlock(1, 0, true, 10),
                        simpleBlock(2, 10, true, 10)), ErrorIds.TRACK_NOT_IN_TRACKS),
                refused("a declared track without a frame", concat(two, cluster(T0, simpleBlock(1, 0, true, 10)),
                        cluster(T0 + 1000, simpleBlock(1, 0, true, 10))), ErrorIds.TRACK_WITHOUT_FRAME),
                refused("a fragment over 10 s", cluster(T0, simpleBlock(1, 0, true, 10),
                        simpleBlock(1, 10_001, false, 10)), ErrorIds.FRAGMENT_TOO_LONG),
                refused("eleven tags before a fragment", concat(tags(11, "k"), good), ErrorIds.METADATA_LIMIT),
                refused("a tag name reserved for the service", concat(tags(1, "AWS_KINESISVIDEO_X"), good),
                        ErrorIds.METADATA_LIMIT),
                refused("Tags without end before a fragment", manyEmptyTags(), ErrorIds.METADATA_LIMIT),
                refused("a lace head of 255 frames in a 10-octet block", laced(one, TestMkv.XIPH_LACING,
                        0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9), ErrorIds.INVALID_MKV),
                refused("255 fixed-size frames that do not divide the block", laced(one,
                        TestMkv.FIXED_SIZE_LACING, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9), ErrorIds.INVALID_MKV),
                refused("Xiph lace sizes larger than the block", laced(one, TestMkv.XIPH_LACING,
                        1, 0xFF, 0xFF, 0x10, 1, 2, 3), ErrorIds.INVALID_MKV),
                refused("a Xiph size run past the end of the block", laced(one, TestMkv.XIPH_LACING,
                        1, 0xFF, 0xFF, 0xFF, 0xFF), ErrorIds.INVALID_MKV),
                refused("an EBML lace size overflowing the block", laced(one, TestMkv.EBML_LACING,
                        1, 0x01, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 1, 2, 3), ErrorIds.INVALID_MKV),
                refused("an EBML lace size difference making a size negative", laced(one,
                        TestMkv.EBML_LACING, 2, 0x81, 0x80, 1, 2, 3), ErrorIds.INVALID_MKV),
                refused("an EBML lace size with every value bit set", laced(one, TestMkv.EBML_LACING,
                        1, 0xFF, 1, 2, 3), ErrorIds.INVALID_MKV),
                refused("an EBML lace size cut short by the block's end", laced(one, TestMkv.EBML_LACING,
                        1, 0x01), ErrorIds.INVALID_MKV),
                refused("an empty laced frame", laced(one, TestMkv.XIPH_LACING, 1, 0, 1, 2, 3),
                        ErrorIds.INVALID_MKV),
                refused("a laced block without its lace head", laced(one, TestMkv.XIPH_LACING),
                        ErrorIds.INVALID_MKV));
    }

    /** A case: {@link #KEPT}, then {@code hostile}, refused with {@code errorId}. */
    private static Arguments refused(String what, byte[] hostile, int errorId) {
        return Arguments.of(what, concat(KEPT, hostile), errorId);
    }

    /**
     * A stream header and one complete fragment: a Cluster of known size, so it ends with its last byte whatever
     * follows it (RFC 8794 §6.2), and is RECEIVED before the hostile bytes arrive.
     */
    private static byte[] kept() {
        return concat(header(1), element(MatroskaIds.CLUSTER, TestMkv.uint(MatroskaIds.TIMECODE, KEPT_TIMECODE),
                TestMkv.rawSimpleBlock(1, KEYFRAME, KEPT_FRAME)));
    }

    private static byte[] keptFrame() {
        byte[] frame = new byte[KEPT_FRAME_BYTES];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i * 7 + 1);
        }
        return frame;
    }

    /** A fragment whose only block is laced with {@code lacing} and carries {@code data} after its flags. */
    private static byte[] laced(byte[] header, int lacing, int... data) {
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) data[i];
        }
        return concat(header, cluster(T0, TestMkv.rawSimpleBlock(1, 0x80 | lacing, bytes)));
    }

    /** Empty Tags elements (no SimpleTag to count) adding up to more than a header element may be. */
    private static byte[] manyEmptyTags() {
        byte[] empty = element(MatroskaIds.TAGS, element(MatroskaIds.VOID, new byte[1000]));
        byte[][] all = new byte[1100][];
        Arrays.fill(all, empty);
        return concat(all);
    }

    private static byte[] tags(int count, String name) {
        byte[][] tags = new byte[count][];
        for (int i = 0; i < count; i++) {
            tags[i] = element(MatroskaIds.TAG, element(MatroskaIds.TARGETS), element(MatroskaIds.SIMPLE_TAG,
                    string(MatroskaIds.TAG_NAME, name + i), string(MatroskaIds.TAG_STRING, "v")));
        }
        return element(MatroskaIds.TAGS, tags);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFragments")
    void refusesWithTheKvsErrorIdAndKeepsTheFragmentBeforeIt(String what, byte[] body, int errorId) throws Exception {
        long errorsBefore = server.mediaStore.metrics().errors(errorId);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), body, 64);
        assertThat(r.status()).isEqualTo(200);
        AckEvent error = r.error();
        assertThat(error).as("ERROR ack in %s", r.body()).isNotNull();
        assertThat(error.errorId()).hasValue(errorId);
        assertThat(r.acks().get(r.acks().size() - 1)).as("an ERROR ends the upload").isEqualTo(error);
        assertThat(r.of(AckEvent.Type.RECEIVED)).as("only the good fragment is received")
                .extracting(a -> a.fragmentTimecode().getAsLong()).containsExactly(KEPT_TIMECODE);
        assertThat(r.of(AckEvent.Type.PERSISTED)).as("the fragment before the bad one is kept")
                .extracting(a -> a.fragmentTimecode().getAsLong()).containsExactly(KEPT_TIMECODE);
        assertKeptAlone(r.of(AckEvent.Type.PERSISTED).get(0).fragmentNumber());
        assertThat(server.mediaStore.metrics().errors(errorId)).as("counted once").isEqualTo(errorsBefore + 1);
    }

    /**
     * The kept fragment is listed and reads back as sent (ListFragments and GetMediaForFragmentList through the AWS
     * SDK, read with AWS's parser), and it is the newest fragment of the stream: nothing of the refused one was stored.
     */
    private void assertKeptAlone(String number) throws Exception {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            ListFragmentsResponse listed = client.listFragments(l -> l.streamName(STREAM).fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP).timestampRange(t -> t
                            .startTimestamp(Instant.ofEpochMilli(KEPT_TIMECODE))
                            .endTimestamp(Instant.ofEpochMilli(KEPT_TIMECODE)))));
            assertThat(listed.fragments()).filteredOn(f -> f.fragmentNumber().equals(number))
                    .singleElement().extracting(Fragment::producerTimestamp)
                    .isEqualTo(Instant.ofEpochMilli(KEPT_TIMECODE));
            byte[] media = client.getMediaForFragmentList(g -> g.streamName(STREAM).fragments(number),
                    ResponseTransformer.toBytes()).asByteArray();
            List<AwsMkvReading.Chunk> chunks = AwsMkvReading.read(media);
            assertThat(chunks).singleElement().satisfies(c -> {
                assertThat(c.clusterTimecode()).isEqualTo(KEPT_TIMECODE);
                assertThat(c.frames()).singleElement().satisfies(f -> assertThat(f.data()).isEqualTo(KEPT_FRAME));
            });
        }
        assertThat(server.mediaStore.store().last(stream.arn())).map(FragmentInfo::number)
                .as("no fragment after the kept one").hasValue(Long.parseLong(number));
    }

    @Test
    void anErrorNamesTheRefusedFragmentByItsClusterTimecode() throws Exception {
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), concat(header(1), cluster(T0 + 5000, simpleBlock(1, 0, true, 10)),
                        cluster(T0 + 4000, simpleBlock(1, 0, true, 10))), 4096);
        assertThat(r.error().errorId()).hasValue(ErrorIds.TIMECODE_BACKWARDS);
        assertThat(r.error().fragmentTimecode()).hasValue(T0 + 4000);
    }

    @Test
    void relativeTimecodesWithAMalformedStartTimestampAre4007() throws Exception {
        Map<String, String> headers = PutMediaTestClient.headers(STREAM);
        headers.put("x-amzn-fragment-timecode-type", "RELATIVE");
        headers.put("x-amzn-producer-start-timestamp", "yesterday");
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(), headers,
                concat(header(1), cluster(0, simpleBlock(1, 0, true, 10))), 1024);
        assertThat(r.error().errorId()).hasValue(ErrorIds.INVALID_PRODUCER_TIMESTAMP);
    }

    static Stream<Arguments> refusedRequests() {
        Map<String, String> unknown = PutMediaTestClient.headers("no-such-stream");
        Map<String, String> pathLike = PutMediaTestClient.headers("../../etc/passwd");
        Map<String, String> noType = PutMediaTestClient.headers(STREAM);
        noType.remove("x-amzn-fragment-timecode-type");
        Map<String, String> noStream = PutMediaTestClient.headers(STREAM);
        noStream.remove("x-amzn-stream-name");
        return Stream.of(
                Arguments.of("an unknown stream", unknown, TestServer.KEY.secretAccessKey(), 404,
                        "ResourceNotFoundException"),
                Arguments.of("a path-like stream name", pathLike, TestServer.KEY.secretAccessKey(), 404,
                        "ResourceNotFoundException"),
                Arguments.of("a bad signature", PutMediaTestClient.headers(STREAM), "wrong-secret", 403,
                        "InvalidSignatureException"),
                Arguments.of("no timecode type", noType, TestServer.KEY.secretAccessKey(), 400,
                        "InvalidArgumentException"),
                Arguments.of("no stream", noStream, TestServer.KEY.secretAccessKey(), 400, "InvalidArgumentException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void refusesBeforeStreamingInKvsErrorShape(String what, Map<String, String> headers, String secret, int status,
                                               String type) throws Exception {
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(), headers,
                TestMkv.recording(T0, 2, 1000, 1).all(), 4096, secret);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.headers()).containsEntry("x-amzn-errortype", type).containsKey("x-amzn-requestid");
        assertThat(new JsonObject(r.body()).getString("__type")).isEqualTo(type);
    }

    @Test
    void aStreamNamedDotDotStaysInsideTheStore() throws Exception {
        server.createStream("..", 1);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(".."), TestMkv.recording(T0, 2, 1000, 2).all(), 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(2);
        Path store = dir.resolve("fragments");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".seg")).toList()).isNotEmpty()
                    .allMatch(p -> p.startsWith(store));
        }
    }

    @Test
    void theServerIsUnharmedAfterwards() throws Exception {
        for (Arguments a : refusedFragments().toList()) {
            PutMediaTestClient.upload(server.vertx, server.uri(), PutMediaTestClient.headers(STREAM),
                    (byte[]) a.get()[1], 512);
        }
        PutMediaTestClient.Result good = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), TestMkv.recording(T0 + 60_000, 3, 1000, 4).all(), 4096);
        assertThat(good.error()).isNull();
        assertThat(good.of(AckEvent.Type.PERSISTED)).hasSize(3);
        await("no upload stays open").atMost(Duration.ofSeconds(10))
                .until(() -> server.mediaStore.metrics().openUploads() == 0);
        await("no file handle or socket leaks").atMost(Duration.ofSeconds(10))
                .until(() -> openFileDescriptors() <= fdsBefore + FD_SLACK);
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
