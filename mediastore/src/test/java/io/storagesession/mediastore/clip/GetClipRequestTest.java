package io.storagesession.mediastore.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestServer;
import io.storagesession.mediastore.fmp4.Boxes;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetClipRequest;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetClipResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.KinesisVideoArchivedMediaException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;

/**
 * GetClip through the AWS SDK v2 client ({@code KinesisVideoArchivedMediaClient.getClip}) on media put through
 * PutMedia: which fragments a range selects, the MP4's structure, and every refusal of the request itself — each
 * with KVS's status and {@code __type}, read by the SDK as its exception class or from the raw answer where the SDK
 * cannot send the request (wrong JSON types).
 */
class GetClipRequestTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENTS = 6;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int KEYFRAME_BYTES = 20_000;
    private static final String STREAM = "porch";
    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    @TempDir
    Path dir;
    private TestServer server;
    private KinesisVideoArchivedMediaClient client;
    private List<Long> starts;

    @BeforeEach
    void upload() throws Exception {
        server = TestServer.start(dir, "media-store.clip.calls-per-second-per-stream = 1000");
        server.createStream(STREAM, 24);
        ClipTestMedia.Upload upload = ClipTestMedia.synthetic(T0, FRAGMENTS, FRAGMENT_MILLIS, KEYFRAME_BYTES, 1);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), upload.body(), 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(FRAGMENTS);
        starts = upload.fragmentStarts();
        client = server.archivedMedia();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void answersVideoMp4WithTheFragmentsStartingInTheInclusiveRange() {
        ResponseBytes<GetClipResponse> clip = client.getClip(producerRange(starts.get(1), starts.get(3)),
                ResponseTransformer.toBytes());

        assertThat(clip.response().contentType()).isEqualTo("video/mp4");
        assertThat(topLevelBoxes(clip.asByteArray()))
                .containsExactly("ftyp", "moov", "moof", "mdat", "moof", "mdat", "moof", "mdat");
    }

    @Test
    void startsOnlyWithFragmentsThatStartAtOrAfterStartTimestamp() {
        ResponseBytes<GetClipResponse> clip = client.getClip(producerRange(starts.get(1) + 1, starts.get(2)),
                ResponseTransformer.toBytes());

        assertThat(topLevelBoxes(clip.asByteArray())).containsExactly("ftyp", "moov", "moof", "mdat");
    }

    @Test
    void refusesARangeThatEndsBeforeItStartsOrWhereItStartsOrAfterADay() {
        assertInvalid(producerRange(T0 + FRAGMENT_MILLIS, T0));
        assertInvalid(producerRange(T0, T0));
        assertInvalid(producerRange(T0, T0 + DAY_MILLIS + 1));
    }

    @Test
    void refusesServerTimestampRangesThatEndInTheFuture() {
        long now = System.currentTimeMillis();
        assertInvalid(r -> r.streamName(STREAM).clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.SERVER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(now + DAY_MILLIS))
                        .endTimestamp(Instant.ofEpochMilli(now + DAY_MILLIS + FRAGMENT_MILLIS)))));
    }

    @Test
    void answersResourceNotFoundForARangeWithoutFragments() {
        for (long[] range : new long[][] {{T0 - 10_000, T0 - 1}, {T0 + 10 * DAY_MILLIS, T0 + 10 * DAY_MILLIS + 1}}) {
            ResourceNotFoundException e = catchThrowableOfType(ResourceNotFoundException.class,
                    () -> client.getClip(producerRange(range[0], range[1]), ResponseTransformer.toBytes()));
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        }
    }

    @Test
    void refusesAMissingOrIncompleteSelector() {
        assertInvalid(r -> r.streamName(STREAM));
        assertInvalid(r -> r.streamName(STREAM).clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)));
        assertInvalid(r -> r.streamName(STREAM).clipFragmentSelector(s -> s.fragmentSelectorType("ARRIVAL_TIME")
                .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(T0))
                        .endTimestamp(Instant.ofEpochMilli(T0 + 1)))));
        assertInvalid(r -> r.streamName(STREAM).clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(T0)))));
    }

    @Test
    void answersSerializationExceptionForFieldsOfTheWrongJsonType() throws Exception {
        String range = "\"TimestampRange\":{\"StartTimestamp\":1700000000,\"EndTimestamp\":1700000004}";
        for (String body : List.of(
                "{\"StreamName\":\"porch\",\"ClipFragmentSelector\":{\"FragmentSelectorType\":\"PRODUCER_TIMESTAMP\","
                        + "\"TimestampRange\":{\"StartTimestamp\":\"yesterday\",\"EndTimestamp\":1700000004}}}",
                "{\"StreamName\":\"porch\",\"ClipFragmentSelector\":[\"PRODUCER_TIMESTAMP\"]}",
                "{\"StreamName\":\"porch\",\"ClipFragmentSelector\":{\"FragmentSelectorType\":7," + range + "}}",
                "{\"StreamName\":\"porch\",\"ClipFragmentSelector\":{\"FragmentSelectorType\":\"PRODUCER_TIMESTAMP\","
                        + "\"TimestampRange\":true}}",
                "{\"StreamName\":42,\"ClipFragmentSelector\":{\"FragmentSelectorType\":\"PRODUCER_TIMESTAMP\","
                        + range + "}}",
                "[1, 2, 3]",
                "{\"StreamName\":")) {
            ClipHttp.Answer answer = ClipHttp.post(server.uri(), body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.headers().get("x-amzn-errortype")).as(body).isEqualTo("SerializationException");
            assertThat(answer.json().getString("__type")).as(body).isEqualTo("SerializationException");
        }
    }

    @Test
    void answersInvalidArgumentForTimestampsNoMillisecondCanHold() throws Exception {
        ClipHttp.Answer answer = ClipHttp.post(server.uri(), "{\"StreamName\":\"porch\",\"ClipFragmentSelector\":"
                + "{\"FragmentSelectorType\":\"PRODUCER_TIMESTAMP\",\"TimestampRange\":{\"StartTimestamp\":1e300,"
                + "\"EndTimestamp\":2e300}}}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().getString("__type")).isEqualTo("InvalidArgumentException");
    }

    @Test
    void answersResourceNotFoundForAnUnknownStreamAndInvalidArgumentForABadName() {
        ResourceNotFoundException missing = catchThrowableOfType(ResourceNotFoundException.class,
                () -> client.getClip(producerRange("no-such-stream", T0, T0 + 1), ResponseTransformer.toBytes()));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertInvalid(producerRange("bad name!", T0, T0 + 1));
    }

    @Test
    void answersNoDataRetentionForAStreamThatKeepsNothing() throws Exception {
        server.createStream("ephemeral", 0);
        NoDataRetentionException e = catchThrowableOfType(NoDataRetentionException.class,
                () -> client.getClip(producerRange("ephemeral", T0, T0 + 1), ResponseTransformer.toBytes()));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoDataRetentionException");
    }

    private Consumer<GetClipRequest.Builder> producerRange(long from, long to) {
        return producerRange(STREAM, from, to);
    }

    static Consumer<GetClipRequest.Builder> producerRange(String stream, long from, long to) {
        return r -> r.streamName(stream).clipFragmentSelector(s -> s
                .fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(from))
                        .endTimestamp(Instant.ofEpochMilli(to))));
    }

    private void assertInvalid(Consumer<GetClipRequest.Builder> request) {
        InvalidArgumentException e = catchThrowableOfType(InvalidArgumentException.class,
                () -> client.getClip(request, ResponseTransformer.toBytes()));
        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException");
        assertThat(e).isInstanceOf(KinesisVideoArchivedMediaException.class);
    }

    /** The types of the top-level boxes of an MP4 file (ISO/IEC 14496-12 §4.2), which must chain to its end. */
    /** The top-level box types of an MP4, in order; the parse fails unless the sizes chain exactly to the end. */
    static List<String> topLevelBoxes(byte[] mp4) {
        return Boxes.parse(mp4, 0, mp4.length).stream().map(Boxes.Box::type).toList();
    }
}
