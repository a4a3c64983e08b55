package io.storagesession.mediastore.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.mediastore.SignedJson;
import io.storagesession.mediastore.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Format;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesRequest;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Image;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageError;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.NoDataRetentionException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ResourceNotFoundException;

/**
 * Every GetImages input a client can get wrong or forge, answered in KVS's error shape: through the AWS SDK v2 client
 * (which sends out-of-range values unchecked) the exception class the service model maps each error to, and through
 * raw signed JSON the status, {@code x-amzn-ErrorType} and {@code __type} for bodies of the wrong JSON types.
 */
class GetImagesHostileInputTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String STREAM = "porch";
    private static final String NO_RETENTION = "live-only";
    private static final int BAD_REQUEST = 400;

    @TempDir
    static Path dir;
    private static TestServer server;
    private static KinesisVideoArchivedMediaClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, "");
        server.createStream(STREAM, 24);
        server.createStream(NO_RETENTION, 0);
        client = server.archivedMedia();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void rangesOutOfTheRulesAreInvalidArguments() {
        invalid(b -> b.startTimestamp(at(T0 + 1)).endTimestamp(at(T0)), "EndTimestamp must not be before");
        invalid(b -> b.endTimestamp(at(T0 + ImagesRequest.MAX_RANGE_MILLIS + 1)), "300 seconds");
        invalid(b -> b.startTimestamp(at(-1_000)).endTimestamp(at(0)), "1970");
        invalid(b -> b.startTimestamp(at(ImagesRequest.MAX_TIMESTAMP_MILLIS + 1))
                .endTimestamp(at(ImagesRequest.MAX_TIMESTAMP_MILLIS + 2)), "9999");
        invalid(b -> b.startTimestamp((Instant) null), "StartTimestamp");
        invalid(b -> b.endTimestamp((Instant) null), "EndTimestamp");
        invalid(b -> b.imageSelectorType((String) null), "ImageSelectorType");
        invalid(b -> b.imageSelectorType("WALL_CLOCK"), "ImageSelectorType");
        // exactly 300 s is allowed
        assertThat(client.getImages(request(b -> b.endTimestamp(at(T0 + ImagesRequest.MAX_RANGE_MILLIS))
                .samplingInterval(60_000))).images()).hasSize(6);
    }

    @Test
    void samplingSizeQualityAndPagingOutOfRangeAreInvalidArguments() {
        for (int interval : new int[] {ImagesRequest.MIN_INTERVAL_MILLIS - 1, 0, -500}) {
            invalid(b -> b.samplingInterval(interval), "SamplingInterval");
        }
        invalid(b -> b.samplingInterval(null), "SamplingInterval");
        invalid(b -> b.widthPixels(0), "WidthPixels");
        invalid(b -> b.widthPixels(OutputSize.MAX_WIDTH + 1), "WidthPixels");
        invalid(b -> b.heightPixels(0), "HeightPixels");
        invalid(b -> b.heightPixels(OutputSize.MAX_HEIGHT + 1), "HeightPixels");
        for (String quality : List.of("0", "101", "abc", "", "80.5", "-1", "99999999999")) {
            invalid(b -> b.formatConfigWithStrings(Map.of("JPEGQuality", quality)), "JPEGQuality");
        }
        invalid(b -> b.formatConfigWithStrings(Map.of("PNGCompression", "9")), "FormatConfig");
        invalid(b -> b.formatConfigWithStrings(Map.of("JPEGQuality", "80", "Extra", "1")), "FormatConfig");
        invalid(b -> b.format("GIF"), "Format");
        invalid(b -> b.format((String) null), "Format");
        invalid(b -> b.maxResults(0L), "MaxResults");
        invalid(b -> b.maxResults(101L), "MaxResults");
        invalid(b -> b.maxResults(Long.MAX_VALUE), "MaxResults");
        // the edges are allowed
        assertThat(client.getImages(request(b -> b.widthPixels(OutputSize.MAX_WIDTH).heightPixels(1)
                .formatConfigWithStrings(Map.of("JPEGQuality", "1")).maxResults(100L))).images()).isNotEmpty();
    }

    @Test
    void forgedAlteredOrBorrowedNextTokensAreRefused() {
        GetImagesRequest paged = request(b -> b.endTimestamp(at(T0 + 10_000)).samplingInterval(1_000)
                .maxResults(2L));
        String token = client.getImages(paged).nextToken();
        assertThat(token).isNotBlank();
        assertThat(client.getImages(paged.toBuilder().nextToken(token).build()).images()).extracting(Image::timeStamp)
                .containsExactly(at(T0 + 2_000), at(T0 + 3_000));

        byte[] raw = Base64.getDecoder().decode(token);
        raw[raw.length / 2] ^= 1;
        String altered = Base64.getEncoder().encodeToString(raw);
        String forged = Base64.getEncoder().encodeToString(new byte[64]);
        for (String bad : List.of(altered, forged, "AAAA", "not a token!", "x".repeat(5000))) {
            assertThat(catchThrowableOfType(() -> client.getImages(paged.toBuilder().nextToken(bad).build()),
                    InvalidArgumentException.class)).as(bad).isNotNull();
        }
        // a genuine token of another request (another range, interval or selector) does not continue this one
        for (GetImagesRequest other : List.of(paged.toBuilder().endTimestamp(at(T0 + 9_000)).build(),
                paged.toBuilder().samplingInterval(500).build(),
                paged.toBuilder().imageSelectorType(ImageSelectorType.SERVER_TIMESTAMP).build())) {
            InvalidArgumentException e = catchThrowableOfType(
                    () -> client.getImages(other.toBuilder().nextToken(token).build()), InvalidArgumentException.class);
            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(BAD_REQUEST);
        }
    }

    @Test
    void unknownStreamsAreNotFoundAndStreamsWithoutRetentionHaveNoData() {
        ResourceNotFoundException missing = catchThrowableOfType(() -> client.getImages(request(
                b -> b.streamName("nobody-home"))), ResourceNotFoundException.class);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(catchThrowableOfType(() -> client.getImages(request(b -> b.streamName(null)
                .streamARN("arn:aws:kinesisvideo:us-west-2:123456789012:stream/nobody-home/1700000000000"))),
                ResourceNotFoundException.class)).isNotNull();
        invalid(b -> b.streamName(null), "StreamName or StreamARN");
        invalid(b -> b.streamName("bad name!"), "StreamName");

        NoDataRetentionException none = catchThrowableOfType(() -> client.getImages(request(
                b -> b.streamName(NO_RETENTION))), NoDataRetentionException.class);
        assertThat(none.statusCode()).isEqualTo(BAD_REQUEST);
        assertThat(none.awsErrorDetails().errorCode()).isEqualTo("NoDataRetentionException");
    }

    @Test
    void rangesWithoutMediaAreNoMediaImagesNotErrors() {
        // the stream exists but holds nothing: far in the past, now, far in the future
        for (long start : new long[] {0, T0, Instant.parse("9000-01-01T00:00:00Z").toEpochMilli()}) {
            GetImagesResponse r = client.getImages(request(b -> b.startTimestamp(at(start))
                    .endTimestamp(at(start + 2_000)).samplingInterval(1_000)));
            assertThat(r.images()).extracting(Image::timeStamp).containsExactly(at(start), at(start + 1_000),
                    at(start + 2_000));
            assertThat(r.images()).extracting(Image::error).containsOnly(ImageError.NO_MEDIA);
            assertThat(r.images()).extracting(Image::imageContent).containsOnlyNulls();
        }
    }

    @Test
    void wrongJsonTypesAreSerializationErrorsInKvsShape() throws Exception {
        JsonObject good = new JsonObject().put("StreamName", STREAM).put("ImageSelectorType", "PRODUCER_TIMESTAMP")
                .put("StartTimestamp", T0 / 1000.0).put("EndTimestamp", T0 / 1000.0 + 1).put("SamplingInterval", 500)
                .put("Format", "JPEG");
        assertThat(raw(good.encode()).statusCode()).isEqualTo(200);
        Map<String, Object> serialization = Map.of("SamplingInterval", "500", "StartTimestamp", "yesterday",
                "EndTimestamp", true, "FormatConfig", "JPEGQuality=80", "WidthPixels", 10.5, "MaxResults", "5",
                "NextToken", 5, "Format", List.of("JPEG"), "StreamName", 7);
        for (Map.Entry<String, Object> e : serialization.entrySet()) {
            expectError(good.copy().put(e.getKey(), e.getValue()).encode(), BAD_REQUEST, "SerializationException");
        }
        expectError(good.copy().put("FormatConfig", new JsonObject().put("JPEGQuality", 80)).encode(), BAD_REQUEST,
                "SerializationException");
        expectError(good.copy().put("FormatConfig", new JsonObject()).encode(), BAD_REQUEST,
                "InvalidArgumentException");
        expectError(good.copy().put("SamplingInterval", 1e12).encode(), BAD_REQUEST, "SerializationException");
        expectError(good.copy().put("StartTimestamp", 1e300).encode(), BAD_REQUEST, "InvalidArgumentException");
        expectError("[1,2,3]", BAD_REQUEST, "SerializationException");
        expectError("{\"StreamName\":", BAD_REQUEST, "SerializationException");
    }

    private static void invalid(Consumer<GetImagesRequest.Builder> change, String messagePart) {
        InvalidArgumentException e = catchThrowableOfType(() -> client.getImages(request(change)),
                InvalidArgumentException.class);
        assertThat(e).as("expected InvalidArgumentException mentioning " + messagePart).isNotNull();
        assertThat(e.statusCode()).isEqualTo(BAD_REQUEST);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException");
        assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
    }

    private static void expectError(String body, int status, String type) throws Exception {
        HttpResponse<String> r = raw(body);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).as(body).hasValue(type);
        assertThat(new JsonObject(r.body()).getString("__type")).as(body).isEqualTo(type);
    }

    private static HttpResponse<String> raw(String body) throws Exception {
        return SignedJson.post(server.uri().resolve("/getImages"), TestServer.KEY, body);
    }

    private static GetImagesRequest request(Consumer<GetImagesRequest.Builder> change) {
        GetImagesRequest.Builder b = GetImagesRequest.builder().streamName(STREAM)
                .imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP).startTimestamp(at(T0))
                .endTimestamp(at(T0 + 1_000)).samplingInterval(500).format(Format.JPEG);
        change.accept(b);
        return b.build();
    }

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
