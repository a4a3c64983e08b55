package io.storagesession.mediastore.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.TokenSeal;
import io.storagesession.mediastore.store.TimestampKind;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The small rules of GetImages on their own: JPEGQuality to FFmpeg's qscale, the WidthPixels/HeightPixels sizes, the
 * picture cache's byte bound and LRU order, and NextTokens that only continue the request they were issued for.
 */
class ImageRulesTest {
    private static final String ARN = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/porch/1700000000000";

    @Test
    void jpegQualityMapsOntoQscaleMonotonicallyFromBestToWorst() {
        assertThat(ImageEncoder.qscale(100)).isEqualTo(1);
        assertThat(ImageEncoder.qscale(90)).isEqualTo(2);
        assertThat(ImageEncoder.qscale(ImagesRequest.DEFAULT_JPEG_QUALITY)).isEqualTo(3);
        assertThat(ImageEncoder.qscale(50)).isEqualTo(8);
        assertThat(ImageEncoder.qscale(25)).isEqualTo(16);
        assertThat(ImageEncoder.qscale(1)).isEqualTo(ImageEncoder.MAX_QSCALE);
        for (int q = 1; q < 100; q++) {
            assertThat(ImageEncoder.qscale(q)).as("quality %d", q).isGreaterThanOrEqualTo(ImageEncoder.qscale(q + 1))
                    .isBetween(ImageEncoder.MIN_QSCALE, ImageEncoder.MAX_QSCALE);
        }
    }

    @Test
    void sizesStretchKeepTheAspectRatioOrKeepTheSource() {
        assertThat(new OutputSize(null, null).resolve(640, 480)).isEqualTo(new OutputSize.Pixels(640, 480));
        assertThat(new OutputSize(100, 300).resolve(640, 480)).isEqualTo(new OutputSize.Pixels(100, 300));
        assertThat(new OutputSize(320, null).resolve(640, 480)).isEqualTo(new OutputSize.Pixels(320, 240));
        assertThat(new OutputSize(null, 360).resolve(640, 480)).isEqualTo(new OutputSize.Pixels(480, 360));
        assertThat(new OutputSize(null, 100).resolve(1920, 1080)).isEqualTo(new OutputSize.Pixels(178, 100));
        // the other side stays within its own range: at least a pixel, at most the model's maximum
        assertThat(new OutputSize(1, null).resolve(1920, 1080)).isEqualTo(new OutputSize.Pixels(1, 1));
        assertThat(new OutputSize(null, OutputSize.MAX_HEIGHT).resolve(4000, 100))
                .isEqualTo(new OutputSize.Pixels(OutputSize.MAX_WIDTH, OutputSize.MAX_HEIGHT));
    }

    @Test
    void theCacheKeepsAtMostItsBytesAndDropsTheLeastRecentlyUsed() {
        PictureCache cache = new PictureCache(300);
        PictureCache.Key a = key(1);
        PictureCache.Key b = key(2);
        PictureCache.Key c = key(3);
        cache.put(a, picture(100));
        cache.put(b, picture(100));
        cache.put(c, picture(100));
        assertThat(cache.get(a)).isNotNull();          // a is now the most recently used
        cache.put(key(4), picture(100));               // evicts b, the least recently used
        assertThat(cache.get(b)).isNull();
        assertThat(cache.get(a)).isNotNull();
        assertThat(cache.get(c)).isNotNull();
        assertThat(cache.bytes()).isEqualTo(300);
        cache.put(key(5), picture(301));               // larger than the whole cache: not kept, nothing evicted
        assertThat(cache.get(key(5))).isNull();
        assertThat(cache.size()).isEqualTo(3);
        cache.put(a, picture(250));                    // replacing an entry counts its new size
        assertThat(cache.bytes()).isLessThanOrEqualTo(300);
        assertThat(cache.get(a).bytes()).isEqualTo(250);
    }

    @Test
    void tokensContinueOnlyTheirOwnRequestAndNeverVerifyUnderAnotherKey() {
        ImagesPageToken tokens = new ImagesPageToken(new byte[0]);
        ImagesRequest request = request(10_000, 200, 25);
        String token = tokens.issue(ARN, request, 25);
        assertThat(tokens.verify(token, ARN, request)).isEqualTo(25);
        assertThat(tokens.verify(token, ARN, request(10_000, 200, 10))).isEqualTo(25); // page size may change
        assertRefused(() -> tokens.verify(token, ARN.replace("porch", "garage"), request));
        assertRefused(() -> tokens.verify(token, ARN, request(20_000, 200, 25)));
        assertRefused(() -> tokens.verify(token, ARN, request(10_000, 250, 25)));
        assertRefused(() -> new ImagesPageToken(new byte[0]).verify(token, ARN, request));
        // a position past the range is never issued and never accepted
        ImagesRequest short1 = request(0, 200, 25);
        assertRefused(() -> tokens.verify(tokens.issue(ARN, short1, 1), ARN, short1));
        byte[] key = new byte[TokenSeal.KEY_BYTES];
        Arrays.fill(key, (byte) 7);
        assertThat(new ImagesPageToken(key).verify(new ImagesPageToken(key.clone()).issue(ARN, request, 3), ARN,
                request)).isEqualTo(3);
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        ImagesSettings d = ImagesSettings.defaults();
        assertThat(d.decodeThreads()).isPositive();
        assertThat(d.pageSize()).isEqualTo(25);
        assertThatThrownBy(() -> settings(0, 25, "bicubic", 1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(1, 101, "bicubic", 1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(1, 25, "nearest-ish", 1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(1, 25, "bicubic", 1, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings(1, 25, "bicubic", 10, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(settings(1, 25, "bicubic", 9, new byte[TokenSeal.KEY_BYTES]).pageSize()).isEqualTo(25);
    }

    private static ImagesSettings settings(int threads, int pageSize, String scaler, int pngLevel, byte[] key) {
        return new ImagesSettings(threads, 0, Duration.ofSeconds(1), 1, 0, pageSize, scaler,
                new ImagesSettings.Png("paeth", pngLevel), key);
    }

    private static void assertRefused(Runnable verify) {
        assertThatThrownBy(verify::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo("InvalidArgumentException"));
    }

    private static ImagesRequest request(long rangeMillis, int interval, int page) {
        long start = 1_700_000_000_000L;
        return new ImagesRequest(TimestampKind.PRODUCER_TIMESTAMP, start, start + rangeMillis, interval,
                ImageFormat.JPEG, ImagesRequest.DEFAULT_JPEG_QUALITY, new OutputSize(null, null), page, null);
    }

    private static PictureCache.Key key(int frame) {
        return new PictureCache.Key(ARN, "91343852333181432", frame);
    }

    private static Picture picture(int bytes) {
        return new Picture(1, 1, 0, false, new byte[bytes]);
    }
}
