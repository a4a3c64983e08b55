package io.storagesession.mediastore.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.FragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesRequest;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Image;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageError;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageSelectorType;

/**
 * GetImages through the AWS SDK v2 client on real H.264 (ffmpeg's testsrc2, libx264) put in by PutMedia: images at
 * the sampling interval, pages with NextToken, both timestamp selectors, and pictures that match what ffmpeg decodes
 * from the same bitstream (luma PSNR, read back with the JDK's own JPEG and PNG decoders) at the sizes the
 * WidthPixels/HeightPixels rules give.
 */
class GetImagesPlaybackTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int SECONDS = 4;
    private static final int GOP_FRAMES = ImagesTestMedia.FRAME_RATE;
    private static final int CHUNK = 4096;
    private static final String STREAM = "front-door";
    /** What "the same picture" means after a resize and a lossy encode: well above the ~15 dB of a wrong frame. */
    private static final double MIN_PSNR_DB = 30;

    @TempDir
    static Path dir;
    private static TestServer server;
    private static ImagesTestMedia.Clip clip;
    private static List<AckEvent> persisted;

    @BeforeAll
    static void upload() throws Exception {
        clip = ImagesTestMedia.clip(dir, ImagesTestMedia.WIDTH, ImagesTestMedia.HEIGHT, SECONDS, GOP_FRAMES, T0);
        server = TestServer.start(dir.resolve("server"), "");
        server.createStream(STREAM, 24);
        PutMediaTestClient.Result upload = PutMediaTestClient.upload(server.vertx, server.uri(),
                PutMediaTestClient.headers(STREAM), ImagesTestMedia.mkv(clip), CHUNK);
        persisted = upload.of(AckEvent.Type.PERSISTED);
        assertThat(persisted).hasSize(SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void returnsOneImageEverySamplingIntervalAndNoMediaPastTheEndOfTheStream() throws Exception {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            GetImagesResponse r = client.getImages(request(T0, T0 + 5_000, 500, Format.JPEG, b -> { }));
            assertThat(r.nextToken()).isNull();
            assertThat(r.images()).extracting(Image::timeStamp).containsExactlyElementsOf(times(T0, T0 + 5_000, 500));
            List<Image> inStream = r.images().subList(0, 8);
            for (Image image : inStream) {
                assertThat(image.error()).as("image at %s", image.timeStamp()).isNull();
                BufferedImage picture = ImagesTestMedia.read(Base64.getDecoder().decode(image.imageContent()));
                assertThat(picture.getWidth()).isEqualTo(ImagesTestMedia.WIDTH);
                assertThat(picture.getHeight()).isEqualTo(ImagesTestMedia.HEIGHT);
            }
            // the last frame is at T0 + 3960: the samples from T0 + 4000 on have no frame before the next sample
            assertThat(r.images().subList(8, 11)).extracting(Image::error).containsOnly(ImageError.NO_MEDIA);
            assertThat(r.images().subList(8, 11)).extracting(Image::imageContent).containsOnlyNulls();
            // consecutive samples half a second apart show different frames (testsrc2 moves)
            assertThat(inStream.stream().map(Image::imageContent).distinct()).hasSize(inStream.size());
        }
    }

    @Test
    void pagesByMaxResultsWithNextTokenAndThePaginatorGetsEverySample() {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            GetImagesRequest request = request(T0, T0 + 3_000, 250, Format.PNG, b -> b.maxResults(4L)
                    .widthPixels(64).heightPixels(48));
            GetImagesResponse first = client.getImages(request);
            assertThat(first.images()).hasSize(4);
            assertThat(first.nextToken()).isNotBlank();
            List<Image> all = new ArrayList<>();
            int pages = 0;
            for (GetImagesResponse page : client.getImagesPaginator(request)) {
                all.addAll(page.images());
                pages++;
            }
            assertThat(pages).isEqualTo(4);
            assertThat(all).extracting(Image::timeStamp).containsExactlyElementsOf(times(T0, T0 + 3_000, 250));
            assertThat(all).extracting(Image::error).containsOnlyNulls();

            // More than the page size (KVS: 25) still gets 25 per page.
            GetImagesResponse big = client.getImages(request(T0, T0 + 6_000, 200, Format.JPEG,
                    b -> b.maxResults(100L).widthPixels(32).heightPixels(24)));
            assertThat(big.images()).hasSize(ImagesSettings.defaults().pageSize());
            assertThat(big.nextToken()).isNotBlank();
        }
    }

    @Test
    void serverTimestampsSelectBySessionTime() throws Exception {
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            Instant firstServer = client.listFragments(r -> r.streamName(STREAM).fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.PRODUCER_TIMESTAMP)
                    .timestampRange(t -> t.startTimestamp(Instant.ofEpochMilli(T0))
                            .endTimestamp(Instant.ofEpochMilli(T0))))).fragments().get(0).serverTimestamp();
            // The upload takes milliseconds, so on the server's timeline the fragments overlap; samples within the
            // first fragment's length are covered whichever fragment the newest start puts them in.
            long start = firstServer.toEpochMilli();
            GetImagesResponse r = client.getImages(request(start, start + 400, 400, Format.JPEG,
                    b -> b.imageSelectorType(ImageSelectorType.SERVER_TIMESTAMP)));
            assertThat(r.images()).hasSize(2);
            assertThat(r.images()).extracting(Image::error).containsOnlyNulls();
            // Sample 0 is the keyframe of the fragment the server timeline starts at `start`: the first fragment's,
            // the same picture as producer time T0 shows — or, when a later fragment arrived in the same millisecond
            // (the upload is fast), that fragment's, since the latest start at or before a sample covers it.
            List<String> keyframes = new ArrayList<>();
            for (Fragment f : client.listFragments(l -> l.streamName(STREAM).fragmentSelector(s -> s
                    .fragmentSelectorType(FragmentSelectorType.SERVER_TIMESTAMP)
                    .timestampRange(t -> t.startTimestamp(firstServer).endTimestamp(firstServer)))).fragments()) {
                long producerStart = f.producerTimestamp().toEpochMilli();
                keyframes.add(client.getImages(request(producerStart, producerStart, 500, Format.JPEG, b -> { }))
                        .images().get(0).imageContent());
            }
            assertThat(keyframes).as("fragments starting at the first server timestamp").isNotEmpty();
            assertThat(r.images().get(0).imageContent()).isIn(keyframes);
        }
    }

    @Test
    void jpegAndPngShowTheSourceFrameAtEveryRequestedSize() throws Exception {
        // a GOP start (a keyframe) and the middle of a GOP (decoded from the keyframe a second before)
        long[] samples = {T0 + 1_000, T0 + 2_500};
        record Size(Integer width, Integer height, int expectWidth, int expectHeight) {
        }
        List<Size> sizes = List.of(new Size(null, null, ImagesTestMedia.WIDTH, ImagesTestMedia.HEIGHT),
                new Size(200, 100, 200, 100), new Size(160, null, 160, 120), new Size(null, 60, 80, 60));
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            for (Format format : List.of(Format.JPEG, Format.PNG)) {
                for (Size size : sizes) {
                    for (long t : samples) {
                        GetImagesResponse r = client.getImages(request(t, t, 1_000, format,
                                b -> b.widthPixels(size.width()).heightPixels(size.height())
                                        .formatConfigWithStrings(Map.of("JPEGQuality", "90"))));
                        assertThat(r.images()).hasSize(1);
                        BufferedImage image = ImagesTestMedia.read(
                                Base64.getDecoder().decode(r.images().get(0).imageContent()));
                        assertThat(image.getWidth()).as(format + " " + size).isEqualTo(size.expectWidth());
                        assertThat(image.getHeight()).as(format + " " + size).isEqualTo(size.expectHeight());
                        int frame = clip.frameAtOrAfter(t);
                        BufferedImage expected = ImagesTestMedia.reference(clip, frame, size.expectWidth(),
                                size.expectHeight());
                        double psnr = ImagesTestMedia.lumaPsnr(image, expected);
                        System.out.printf("%s %dx%d frame %d: %.1f dB%n", format, size.expectWidth(),
                                size.expectHeight(), frame, psnr);
                        assertThat(psnr).as(format + " " + size + " frame " + frame).isGreaterThan(MIN_PSNR_DB);
                        // and not merely any testsrc2 picture: the frame a second away is much further off
                        BufferedImage other = ImagesTestMedia.reference(clip, (frame + GOP_FRAMES) % clip.frames()
                                .size(), size.expectWidth(), size.expectHeight());
                        assertThat(ImagesTestMedia.lumaPsnr(image, other)).isLessThan(psnr - 3);
                    }
                }
            }
        }
    }

    @Test
    void extremeSizesAreEncodedAtExactlyThatSize() throws Exception {
        int[][] sizes = {{1, 1}, {3, 5}, {OutputSize.MAX_WIDTH, OutputSize.MAX_HEIGHT}, {OutputSize.MAX_WIDTH, 1}};
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            for (int[] size : sizes) {
                Image image = client.getImages(request(T0 + 600, T0 + 600, 1_000, Format.JPEG,
                        b -> b.widthPixels(size[0]).heightPixels(size[1]))).images().get(0);
                assertThat(image.error()).as(size[0] + "x" + size[1]).isNull();
                BufferedImage picture = ImagesTestMedia.read(Base64.getDecoder().decode(image.imageContent()));
                assertThat(new int[] {picture.getWidth(), picture.getHeight()}).isEqualTo(size);
            }
        }
    }

    @Test
    void higherJpegQualityGivesLargerAndTruerImages() throws Exception {
        long t = T0 + 2_500;
        BufferedImage expected = ImagesTestMedia.reference(clip, clip.frameAtOrAfter(t), ImagesTestMedia.WIDTH,
                ImagesTestMedia.HEIGHT);
        int previousBytes = 0;
        double previousPsnr = 0;
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            for (String quality : List.of("5", "40", "80", "100")) {
                String content = client.getImages(request(t, t, 1_000, Format.JPEG,
                        b -> b.formatConfigWithStrings(Map.of("JPEGQuality", quality)))).images().get(0).imageContent();
                byte[] jpeg = Base64.getDecoder().decode(content);
                double psnr = ImagesTestMedia.lumaPsnr(ImagesTestMedia.read(jpeg), expected);
                System.out.printf("JPEGQuality %s: %d bytes, %.1f dB%n", quality, jpeg.length, psnr);
                assertThat(jpeg.length).as("JPEGQuality " + quality).isGreaterThan(previousBytes);
                assertThat(psnr).as("JPEGQuality " + quality).isGreaterThan(previousPsnr);
                previousBytes = jpeg.length;
                previousPsnr = psnr;
            }
        }
    }

    static GetImagesRequest request(long from, long to, int interval, Format format,
                                    Consumer<GetImagesRequest.Builder> more) {
        GetImagesRequest.Builder b = GetImagesRequest.builder().streamName(STREAM)
                .imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP).startTimestamp(Instant.ofEpochMilli(from))
                .endTimestamp(Instant.ofEpochMilli(to)).samplingInterval(interval).format(format);
        more.accept(b);
        return b.build();
    }

    private static List<Instant> times(long from, long to, int step) {
        List<Instant> out = new ArrayList<>();
        for (long t = from; t <= to; t += step) {
            out.add(Instant.ofEpochMilli(t));
        }
        return out;
    }
}
