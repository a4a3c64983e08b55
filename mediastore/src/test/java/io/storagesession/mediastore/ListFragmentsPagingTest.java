package io.storagesession.mediastore;

import static io.storagesession.mediastore.TestMkv.cluster;
import static io.storagesession.mediastore.TestMkv.concat;
import static io.storagesession.mediastore.TestMkv.header;
import static io.storagesession.mediastore.TestMkv.simpleBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.recorder.putmedia.AckEvent;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelector;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ListFragmentsResponse;

/**
 * ListFragments as the KVS API reference (ListFragments) describes it, through the AWS SDK's archived-media client:
 * the FragmentSelector "is only required when the NextToken isn't passed"; MaxResults "The default value is 100";
 * a NextToken alone pages on; the results "are in no specific order, even across pages", so only the set is compared.
 * And every malformed request is refused in KVS's error shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListFragmentsPagingTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 150;
    private static final int KVS_DEFAULT_MAX_RESULTS = 100;
    private static final String STREAM = "listed";
    private static final String PATH = "/listFragments";

    @TempDir
    static Path dir;
    private TestServer server;
    private List<String> numbers;

    @BeforeAll
    void upload() throws Exception {
        // Many small fragments at once: the test lifts the per-stream fragment rate rather than wait 30 s for it.
        server = TestServer.start(dir, "media-store.limits.max-fragment-rate = 10000");
        server.createStream(STREAM, 1);
        byte[][] clusters = new byte[FRAGMENTS][];
        for (int i = 0; i < FRAGMENTS; i++) {
            clusters[i] = cluster(T0 + i * 100L, simpleBlock(1, 0, true, 40));
        }
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), concat(header(1), concat(clusters)), 4096);
        numbers = r.of(AckEvent.Type.PERSISTED).stream().map(AckEvent::fragmentNumber).toList();
        assertThat(numbers).hasSize(FRAGMENTS);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void withoutAFragmentSelectorOrNextTokenTheRequestIsInvalid() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            InvalidArgumentException e = catchThrowableOfType(InvalidArgumentException.class,
                    () -> client.listFragments(r -> r.streamName(STREAM)));
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.getMessage()).contains("FragmentSelector");
        }
    }

    @Test
    void pagesOfOneHundredByDefaultAndANextTokenAlonePagesOn() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            ListFragmentsResponse first = client.listFragments(r -> r.streamName(STREAM).fragmentSelector(everything()));
            assertThat(first.fragments()).hasSize(KVS_DEFAULT_MAX_RESULTS);
            assertThat(first.nextToken()).isNotNull();

            ListFragmentsResponse second = client.listFragments(r -> r.streamName(STREAM)
                    .nextToken(first.nextToken()));
            assertThat(second.fragments()).hasSize(FRAGMENTS - KVS_DEFAULT_MAX_RESULTS);
            assertThat(second.nextToken()).isNull();

            List<String> listed = new ArrayList<>();
            first.fragments().forEach(f -> listed.add(f.fragmentNumber()));
            second.fragments().forEach(f -> listed.add(f.fragmentNumber()));
            assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(numbers);
        }
    }

    @Test
    void aNextTokenKeepsItsOwnSelectorAndPageSizeIsPerRequest() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            // The first ten fragments by producer time, seven per page.
            Consumer<FragmentSelector.Builder> tenth = range(T0, T0 + 900);
            ListFragmentsResponse first = client.listFragments(r -> r.streamName(STREAM).maxResults(7L)
                    .fragmentSelector(tenth));
            assertThat(first.fragments()).hasSize(7);
            // A selector sent along with the token is not the listing's: the token's range still applies.
            ListFragmentsResponse rest = client.listFragments(r -> r.streamName(STREAM).maxResults(7L)
                    .nextToken(first.nextToken()).fragmentSelector(everything()));
            assertThat(rest.fragments()).extracting(Fragment::producerTimestamp)
                    .allSatisfy(t -> assertThat(t).isBetween(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 900)));
            assertThat(rest.fragments()).hasSize(3);
            assertThat(rest.nextToken()).isNull();
        }
    }

    @Test
    void rangesReversedFarAwayOrEmptyAreAnsweredAsKvsDoes() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            assertThat(catchThrowableOfType(InvalidArgumentException.class, () -> client.listFragments(r -> r
                    .streamName(STREAM).fragmentSelector(range(T0 + 1000, T0))))).isNotNull();
            assertThat(client.listFragments(r -> r.streamName(STREAM).fragmentSelector(range(
                    Instant.parse("2999-01-01T00:00:00Z").toEpochMilli(),
                    Instant.parse("2999-12-31T00:00:00Z").toEpochMilli()))).fragments()).isEmpty();
            assertThat(client.listFragments(r -> r.streamName(STREAM).fragmentSelector(range(T0 + 50, T0 + 50)))
                    .fragments()).isEmpty();
            assertThat(client.listFragments(r -> r.streamName(STREAM).fragmentSelector(range(T0 + 100, T0 + 100)))
                    .fragments()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5, 1001, 5_000_000_000L})
    void maxResultsOutsideOneToAThousandIsInvalid(long maxResults) {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            assertThat(catchThrowableOfType(InvalidArgumentException.class, () -> client.listFragments(r -> r
                    .streamName(STREAM).maxResults(maxResults).fragmentSelector(everything())))).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAA", "not base64 at all!", "djF8Qk9HVVN8MXwyfDN8NA==", "-"})
    void aForgedNextTokenIsInvalid(String token) {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            assertThat(catchThrowableOfType(InvalidArgumentException.class, () -> client.listFragments(r -> r
                    .streamName(STREAM).nextToken(token)))).isNotNull();
        }
    }

    @Test
    void anOversizedNextTokenIsInvalid() throws Exception {
        String huge = Base64.getEncoder().encodeToString(new byte[4000]);
        HttpResponse<String> r = SignedJson.post(server.uri(), PATH, new JsonObject().put("StreamName", STREAM)
                .put("NextToken", huge).encode());
        assertKvsError(r, 400, "InvalidArgumentException");
    }

    @Test
    void wrongJsonTypesAreRefusedInKvsShape() throws Exception {
        assertKvsError(SignedJson.post(server.uri(), PATH, new JsonObject().put("StreamName", STREAM)
                .put("MaxResults", "10").put("FragmentSelector", everythingJson()).encode()), 400,
                "SerializationException");
        assertKvsError(SignedJson.post(server.uri(), PATH, new JsonObject().put("StreamName", STREAM)
                .put("MaxResults", 2.5).put("FragmentSelector", everythingJson()).encode()), 400,
                "SerializationException");
        assertKvsError(SignedJson.post(server.uri(), PATH, new JsonObject().put("StreamName", STREAM)
                .put("FragmentSelector", "everything").encode()), 400, "SerializationException");
        assertKvsError(SignedJson.post(server.uri(), PATH, new JsonObject().put("StreamName", STREAM)
                .put("NextToken", 42).encode()), 400, "SerializationException");
        assertKvsError(SignedJson.post(server.uri(), PATH, new JsonObject().put("StreamName", STREAM)
                .put("FragmentSelector", everythingJson().put("FragmentSelectorType", "FRAGMENT_NUMBER")).encode()),
                400, "InvalidArgumentException");
        assertKvsError(SignedJson.post(server.uri(), PATH, new JsonObject().put("StreamName", STREAM)
                .put("FragmentSelector", everythingJson().put("TimestampRange", new JsonObject()
                        .put("StartTimestamp", "yesterday").put("EndTimestamp", 1))).encode()),
                400, "InvalidArgumentException");
    }

    private static void assertKvsError(HttpResponse<String> r, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValueSatisfying(v -> assertThat(v).startsWith(type));
        assertThat(new JsonObject(r.body()).getString("__type")).isEqualTo(type);
        assertThat(new JsonObject(r.body()).getString("message")).isNotBlank();
    }

    private static JsonObject everythingJson() {
        return new JsonObject().put("FragmentSelectorType", "SERVER_TIMESTAMP").put("TimestampRange",
                new JsonObject().put("StartTimestamp", 0).put("EndTimestamp", 4_102_444_800L));
    }

    private static Consumer<FragmentSelector.Builder> everything() {
        return s -> s.fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP).timestampRange(t -> t
                .startTimestamp(Instant.EPOCH).endTimestamp(Instant.parse("2100-01-01T00:00:00Z")));
    }

    private static Consumer<FragmentSelector.Builder> range(long fromMillis, long toMillis) {
        return s -> s.fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP).timestampRange(t -> t
                .startTimestamp(Instant.ofEpochMilli(fromMillis)).endTimestamp(Instant.ofEpochMilli(toMillis)));
    }
}
