package io.storagesession.mediastore.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.storagesession.mediastore.PutMediaTestClient;
import io.storagesession.mediastore.TestServer;
import io.storagesession.recorder.putmedia.AckEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClientLimitExceededException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Format;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesRequest;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetImagesResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Image;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ImageSelectorType;

/**
 * What GetImages costs is bounded. With one decode thread and no waiting room ({@code decode-threads = 1},
 * {@code decode-queue = 0}), a request that finds the decoder taken is refused at once with
 * ClientLimitExceededException, however many arrive together, and is served again once it is free. Decoding is
 * counted frame by frame: samples in one GOP share one pass that ends at the last frame needed, and a repeated request
 * is served from the picture cache without decoding anything.
 */
class GetImagesBoundsTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int GOP = ImagesTestMedia.FRAME_RATE;
    private static final int CONCURRENT = 6;
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void upload() throws Exception {
        ImagesTestMedia.Clip clip = ImagesTestMedia.clip(dir, ImagesTestMedia.WIDTH, ImagesTestMedia.HEIGHT, 4, GOP,
                T0);
        server = TestServer.start(dir.resolve("server"),
                "media-store.images { decode-threads = 1, decode-queue = 0 }");
        server.createStream("yard", 24);
        assertThat(PutMediaTestClient.upload(server.vertx, server.uri(), PutMediaTestClient.headers("yard"),
                ImagesTestMedia.mkv(clip), 4096).of(AckEvent.Type.PERSISTED)).hasSize(4);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void requestsFindingTheDecoderTakenAreRefusedWithClientLimitExceeded() throws Exception {
        GetImagesApi images = server.mediaStore.images();
        long refusedBefore = refused();
        List<Future<Object>> outcomes = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            try (DecodeExecutor.Lease held = images.decoder().admit()) {
                for (int i = 0; i < CONCURRENT; i++) {
                    outcomes.add(clients.submit(() -> outcome(client, request(T0 + 100, T0 + 2_000, 300))));
                }
                for (Future<Object> outcome : outcomes) {
                    ClientLimitExceededException e = (ClientLimitExceededException) outcome.get(TIMEOUT_SECONDS,
                            TimeUnit.SECONDS);
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ClientLimitExceededException");
                }
            }
            assertThat(refused() - refusedBefore).isEqualTo(CONCURRENT);
            // free again: served
            assertThat(client.getImages(request(T0 + 100, T0 + 2_000, 300)).images())
                    .extracting(Image::error).containsOnlyNulls();

            // without the held lease, concurrent requests are each served or refused, never queued without bound
            outcomes.clear();
            for (int i = 0; i < CONCURRENT; i++) {
                outcomes.add(clients.submit(() -> outcome(client, request(T0 + 100, T0 + 3_900, 300))));
            }
            int served = 0;
            for (Future<Object> outcome : outcomes) {
                Object o = outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(o).isInstanceOfAny(GetImagesResponse.class, ClientLimitExceededException.class);
                served += o instanceof GetImagesResponse ? 1 : 0;
            }
            assertThat(served).isPositive();
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void samplesOfOneGopShareOnePassAndRepeatsComeFromTheCache() {
        ImagesMetrics metrics = server.mediaStore.images().metrics();
        try (KinesisVideoArchivedMediaClient client = server.archivedMedia()) {
            // GOP 4 (frames 75..99): samples at frames 80, 85, 90 - one pass from the keyframe 75 to frame 90
            long decoded = metrics.framesDecoded();
            GetImagesResponse first = client.getImages(request(T0 + 3_200, T0 + 3_600, 200));
            assertThat(first.images()).extracting(Image::error).containsOnlyNulls();
            assertThat(metrics.framesDecoded() - decoded).isEqualTo(90 - 75 + 1);

            // the same request again: every picture from the cache, nothing decoded, the same images
            long hits = metrics.cacheHits();
            decoded = metrics.framesDecoded();
            GetImagesResponse again = client.getImages(request(T0 + 3_200, T0 + 3_600, 200));
            assertThat(metrics.framesDecoded()).isEqualTo(decoded);
            assertThat(metrics.cacheHits() - hits).isEqualTo(3);
            assertThat(again.images()).isEqualTo(first.images());

            // another size and format of the same samples: still no decode (the cache holds source pictures)
            GetImagesResponse png = client.getImages(request(T0 + 3_200, T0 + 3_600, 200).toBuilder()
                    .format(Format.PNG).widthPixels(100).build());
            assertThat(png.images()).extracting(Image::error).containsOnlyNulls();
            assertThat(metrics.framesDecoded()).isEqualTo(decoded);
        }
    }

    private static long refused() {
        return server.metrics.scrape().lines().filter(l -> l.startsWith("kvs_media_store_images_refused_total "))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1))).sum();
    }

    private static Object outcome(KinesisVideoArchivedMediaClient client, GetImagesRequest request) {
        try {
            return client.getImages(request);
        } catch (ClientLimitExceededException e) {
            return e;
        }
    }

    private static GetImagesRequest request(long from, long to, int interval) {
        return GetImagesRequest.builder().streamName("yard").imageSelectorType(ImageSelectorType.PRODUCER_TIMESTAMP)
                .startTimestamp(Instant.ofEpochMilli(from)).endTimestamp(Instant.ofEpochMilli(to))
                .samplingInterval(interval).format(Format.JPEG).build();
    }
}
