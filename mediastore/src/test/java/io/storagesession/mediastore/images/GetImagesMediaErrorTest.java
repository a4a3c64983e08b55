package io.storagesession.mediastore.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Format;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Image;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageError;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageSelectorType;

/**
 * Broken H.264 in stored fragments (the store keeps what producers send; it does not decode it) costs only the images
 * that depend on it: each such sample is a {@code MEDIA_ERROR} image, every other sample of the same request is a
 * picture, and the server goes on answering. One GOP per fragment; the damage: GOP 2's keyframe overwritten with
 * noise, a P-frame in the middle of GOP 3 whose NAL length prefix points past its end, and GOP 4's keyframe emptied
 * to a bare length prefix.
 */
class GetImagesMediaErrorTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int GOP = ImagesTestMedia.FRAME_RATE;
    private static final int NOISY_KEYFRAME = GOP;
    private static final int BAD_LENGTH_FRAME = 2 * GOP + 10;
    private static final int EMPTY_KEYFRAME = 3 * GOP;
    private static final int LENGTH_PREFIX = 4;
    private static final int NAL_HEADER = 1;

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void upload() throws Exception {
        ImagesTestMedia.Clip clip = ImagesTestMedia.clip(dir, ImagesTestMedia.WIDTH, ImagesTestMedia.HEIGHT, 5, GOP,
                T0);
        server = TestServer.start(dir.resolve("server"), "");
        server.createStream("garage", 24);
        Random random = new Random(4);
        byte[] mkv = ImagesTestMedia.mkv(clip, index -> switch (index) {
            case NOISY_KEYFRAME -> noise(random);
            case BAD_LENGTH_FRAME -> GetImagesMediaErrorTest::lengthPastTheEnd;
            case EMPTY_KEYFRAME -> frame -> new byte[LENGTH_PREFIX];
            default -> UnaryOperator.identity();
        });
        PutMediaTestClient.Result r = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers("garage"), mkv, 4096);
        assertThat(r.of(AckEvent.Type.PERSISTED)).hasSize(5);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void brokenFramesGiveMediaErrorImagesAndTheRestArePictures() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            for (Format format : List.of(Format.JPEG, Format.PNG)) {
                GetImagesResponse r = client.getImages(b -> b.streamName("garage")
                        .imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP).startTimestamp(at(0))
                        .endTimestamp(at(4_800)).samplingInterval(400).format(format).widthPixels(160));
                List<ImageError> errors = r.images().stream().map(Image::error).toList();
                // samples every 400 ms: frames 0, 10, 20 | 30, 40 | 50, 60 | 70 | 80, 90 | 100, 110, 120
                assertThat(errors).as(format.toString()).containsExactly(
                        null, null, null,                           // GOP 1: intact
                        ImageError.MEDIA_ERROR, ImageError.MEDIA_ERROR, // GOP 2: its keyframe is noise
                        null,                                       // GOP 3 before the broken frame 60
                        ImageError.MEDIA_ERROR,                     // frame 60 itself
                        ImageError.MEDIA_ERROR,                     // frame 70 needs frame 60
                        ImageError.MEDIA_ERROR, ImageError.MEDIA_ERROR, // GOP 4: its keyframe is empty
                        null, null, null);                          // GOP 5: intact
                for (Image image : r.images()) {
                    assertThat(image.imageContent() == null).isEqualTo(image.error() != null);
                }
            }
            // and the server still serves the intact parts afterwards
            assertThat(client.getImages(b -> b.streamName("garage")
                    .imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP).startTimestamp(at(4_000))
                    .endTimestamp(at(4_000)).samplingInterval(400).format(Format.JPEG))
                    .images()).extracting(Image::error).containsOnlyNulls();
        }
    }

    @Test
    void picturesLargerThanTheDecoderAcceptsAreMediaErrors() throws Exception {
        ImagesTestMedia.Clip clip = ImagesTestMedia.clip(dir, ImagesTestMedia.WIDTH, ImagesTestMedia.HEIGHT, 1, GOP,
                T0);
        int pixels = ImagesTestMedia.WIDTH * ImagesTestMedia.HEIGHT;
        try (TestServer small = TestServer.start(dir.resolve("small"),
                "media-store.images.max-picture-pixels = " + (pixels - 1))) {
            small.createStream("attic", 24);
            assertThat(PutMediaTestClient.upload(small.vertx, small.uri(), PutMediaTestClient.headers("attic"),
                    ImagesTestMedia.mkv(clip), 4096).of(AckEvent.Type.PERSISTED)).hasSize(1);
            try (KinesisVideoArchivedMediaClient client = small.archivedMedia()) {
                assertThat(client.getImages(b -> b.streamName("attic")
                        .imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP).startTimestamp(at(0))
                        .endTimestamp(at(800)).samplingInterval(400).format(Format.PNG)).images())
                        .extracting(Image::error).containsOnly(ImageError.MEDIA_ERROR);
            }
        }
    }

    private static Instant at(long offsetMillis) {
        return Instant.ofEpochMilli(T0 + offsetMillis);
    }

    /** Keeps the length prefix and NAL header of each frame's first NAL unit and fills the rest with noise. */
    private static UnaryOperator<byte[]> noise(Random random) {
        return frame -> {
            byte[] broken = frame.clone();
            int keep = LENGTH_PREFIX + NAL_HEADER;
            byte[] fill = new byte[broken.length - keep];
            random.nextBytes(fill);
            System.arraycopy(fill, 0, broken, keep, fill.length);
            return broken;
        };
    }

    /** The first NAL unit's length prefix claims more bytes than the frame has. */
    private static byte[] lengthPastTheEnd(byte[] frame) {
        byte[] broken = Arrays.copyOf(frame, frame.length);
        int claimed = frame.length * 2;
        broken[0] = (byte) (claimed >>> 24);
        broken[1] = (byte) (claimed >>> 16);
        broken[2] = (byte) (claimed >>> 8);
        broken[3] = (byte) claimed;
        return broken;
    }
}
