package io.storagesession.mediastore.clip;

import static io.storagesession.mediastore.clip.GetClipRequestTest.producerRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestMkv;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidCodecPrivateDataException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.InvalidMediaFrameException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.KinesisVideoArchivedMediaException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.MissingCodecPrivateDataException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.UnsupportedStreamMediaTypeException;

/**
 * What GetClip refuses in the stored media itself, each through the AWS SDK as its KVS exception class (400): a codec
 * it cannot play, a track without codec private data or with data that does not parse, tracks that change inside the
 * clip, a first frame that does not parse — and what it does when a later fragment turns out broken after the 200:
 * the connection is reset, so the client fails instead of keeping a clip silently cut short.
 */
class GetClipMediaTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long FRAGMENT_MILLIS = 2000;
    private static final int KEYFRAME_BYTES = 20_000;
    private static final int FRAGMENTS = 6;

    @TempDir
    Path dir;
    private TestServer server;
    private KinesisVideoArchivedMediaClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "media-store.clip.calls-per-second-per-stream = 1000");
        client = server.archivedMedia();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void refusesAVideoCodecOtherThanH264() throws Exception {
        byte[] track = TestMkv.element(MatroskaIds.TRACK_ENTRY, TestMkv.uint(MatroskaIds.TRACK_NUMBER, 1),
                TestMkv.uint(MatroskaIds.TRACK_UID, 1), TestMkv.uint(MatroskaIds.TRACK_TYPE, 1),
                TestMkv.string(MatroskaIds.CODEC_ID, "V_MPEGH/ISO/HEVC"),
                TestMkv.element(MatroskaIds.CODEC_PRIVATE, new byte[] {1, 2, 3, 4}),
                TestMkv.element(MatroskaIds.VIDEO, TestMkv.uint(MatroskaIds.PIXEL_WIDTH, 640),
                        TestMkv.uint(MatroskaIds.PIXEL_HEIGHT, 360)));
        upload("hevc", TestMkv.concat(header(track), TestMkv.cluster(T0, TestMkv.simpleBlock(1, 0, true, 100))), 1);

        UnsupportedStreamMediaTypeException e = catchThrowableOfType(UnsupportedStreamMediaTypeException.class,
                () -> client.getClip(producerRange("hevc", T0, T0 + 1), ResponseTransformer.toBytes()));
        assertKvsError(e, "UnsupportedStreamMediaTypeException");
    }

    @Test
    void refusesAnH264TrackWithoutCodecPrivateData() throws Exception {
        upload("no-cpd", TestMkv.concat(TestMkv.header(1), TestMkv.cluster(T0, TestMkv.simpleBlock(1, 0, true, 100))),
                1);

        MissingCodecPrivateDataException e = catchThrowableOfType(MissingCodecPrivateDataException.class,
                () -> client.getClip(producerRange("no-cpd", T0, T0 + 1), ResponseTransformer.toBytes()));
        assertKvsError(e, "MissingCodecPrivateDataException");
    }

    @Test
    void refusesCodecPrivateDataThatIsNotAnAvcDecoderConfigurationRecord() throws Exception {
        upload("bad-avcc", ClipTestMedia.synthetic(T0, 2, FRAGMENT_MILLIS, KEYFRAME_BYTES, 1,
                new VideoTrack(640, 360, new byte[] {1, 2, 3}), ClipTestMedia.NONE).body(), 2);

        InvalidCodecPrivateDataException e = catchThrowableOfType(InvalidCodecPrivateDataException.class,
                () -> client.getClip(producerRange("bad-avcc", T0, T0 + 1), ResponseTransformer.toBytes()));
        assertKvsError(e, "InvalidCodecPrivateDataException");
    }

    @Test
    void refusesAClipWhoseTracksChangeButServesEitherSideOfTheChange() throws Exception {
        server.createStream("resized", 24);
        ClipTestMedia.Upload wide = ClipTestMedia.synthetic(T0, 2, FRAGMENT_MILLIS, KEYFRAME_BYTES, 1);
        ClipTestMedia.Upload narrow = ClipTestMedia.synthetic(T0 + 2 * FRAGMENT_MILLIS, 2, FRAGMENT_MILLIS,
                KEYFRAME_BYTES, 2, new VideoTrack(320, 240, ClipTestMedia.AVCC), ClipTestMedia.NONE);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers("resized"), TestMkv.concat(wide.body(), narrow.body()), 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(4);

        InvalidCodecPrivateDataException e = catchThrowableOfType(InvalidCodecPrivateDataException.class,
                () -> client.getClip(producerRange("resized", T0, T0 + 4 * FRAGMENT_MILLIS),
                        ResponseTransformer.toBytes()));
        assertKvsError(e, "InvalidCodecPrivateDataException");
        long[][] sides = {{T0, T0 + FRAGMENT_MILLIS}, {T0 + 2 * FRAGMENT_MILLIS, T0 + 4 * FRAGMENT_MILLIS}};
        for (long[] side : sides) {
            byte[] clip = client.getClip(producerRange("resized", side[0], side[1]), ResponseTransformer.toBytes())
                    .asByteArray();
            assertThat(GetClipRequestTest.topLevelBoxes(clip)).hasSize(2 + 2 * 2);
        }
    }

    @Test
    void refusesAClipWhoseFirstFrameDoesNotParse() throws Exception {
        upload("garbled", ClipTestMedia.synthetic(T0, FRAGMENTS, FRAGMENT_MILLIS, KEYFRAME_BYTES, 3,
                new VideoTrack(640, 360, ClipTestMedia.AVCC), 0).body(), FRAGMENTS);

        InvalidMediaFrameException e = catchThrowableOfType(InvalidMediaFrameException.class,
                () -> client.getClip(producerRange("garbled", T0, T0 + FRAGMENTS * FRAGMENT_MILLIS),
                        ResponseTransformer.toBytes()));
        assertKvsError(e, "InvalidMediaFrameException");
        assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_in_progress")).isZero();
    }

    @Test
    void resetsTheConnectionWhenAFragmentAfterTheFirstDoesNotParse() throws Exception {
        upload("broken-later", ClipTestMedia.synthetic(T0, FRAGMENTS, FRAGMENT_MILLIS, KEYFRAME_BYTES, 4,
                new VideoTrack(640, 360, ClipTestMedia.AVCC), 3).body(), FRAGMENTS);

        Throwable failure = catchThrowable(() -> client.getClip(producerRange("broken-later", T0,
                T0 + FRAGMENTS * FRAGMENT_MILLIS), ResponseTransformer.toBytes()));

        assertThat(failure).as("the client must see the clip fail, not a clip cut short")
                .isInstanceOf(SdkClientException.class).isNotInstanceOf(KinesisVideoArchivedMediaException.class);
        Awaitility.await().untilAsserted(() -> {
            assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_total{outcome=\"failed\"}"))
                    .isEqualTo(1);
            assertThat(ClipMetricsReading.value(server, "kvs_media_store_clips_in_progress")).isZero();
        });
        assertThat(ClipMetricsReading.value(server, "kvs_media_store_fragments_served_total{api=\"GetClip\"}"))
                .as("fragments 0, 1 and 2 were sent before fragment 3 failed").isEqualTo(3);
    }

    private void upload(String stream, byte[] body, int fragments) throws Exception {
        server.createStream(stream, 24);
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(stream), body, 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(fragments);
    }

    /** EBML header, Segment of unknown size, Info with millisecond timecodes, and Tracks with {@code tracks}. */
    private static byte[] header(byte[]... tracks) {
        return TestMkv.concat(TestMkv.ebmlHeader(), TestMkv.unknownSize(MatroskaIds.SEGMENT),
                TestMkv.element(MatroskaIds.INFO, TestMkv.uint(MatroskaIds.TIMECODE_SCALE, 1_000_000)),
                TestMkv.element(MatroskaIds.TRACKS, tracks));
    }

    private static void assertKvsError(KinesisVideoArchivedMediaException e, String type) {
        assertThat(e).as(type).isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type);
    }
}
