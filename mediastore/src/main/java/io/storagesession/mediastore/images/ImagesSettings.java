package io.storagesession.mediastore.images;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.storagesession.mediastore.TokenSeal;
import java.time.Duration;
import java.util.Base64;

/**
 * The {@code media-store.images} block of reference.conf (GetImages), read once at start; every key is documented
 * there.
 *
 * @param decodeThreads    decode threads, at most one decode each at a time; 0 in the file means one per core
 * @param decodeQueue      requests admitted beyond the decoding ones; more are refused (ClientLimitExceededException)
 * @param decodeThreadIdle how long an idle decode thread waits for work before it ends
 * @param maxPicturePixels the largest picture (width x height) decoded; a larger one is a MEDIA_ERROR image
 * @param cacheBytes       bytes of decoded pictures kept for later requests
 * @param pageSize         images per response page (KVS: 25)
 * @param scaler           swscale's resizing algorithm, by FFmpeg's name
 * @param png              how PNG images are compressed
 * @param tokenKey         NextToken HMAC key, or an empty array for a random key per process
 */
public record ImagesSettings(int decodeThreads, int decodeQueue, Duration decodeThreadIdle, long maxPicturePixels,
                             long cacheBytes, int pageSize, String scaler, Png png, byte[] tokenKey) {
    /** The config path of this block. */
    public static final String PATH = "media-store.images";
    /** The largest page the AWS model allows (GetImagesMaxResults: 1..100). */
    static final int MAX_PAGE_SIZE = 100;
    /** zlib's compression levels (RFC 1950 FLEVEL is coarser; zlib takes 0..9). */
    private static final int MAX_ZLIB_LEVEL = 9;

    /**
     * PNG compression: the row filter (ISO/IEC 15948 §9, by FFmpeg's name: none, sub, up, avg, paeth, mixed) and
     * zlib's level 0..9.
     */
    public record Png(String prediction, int compressionLevel) {
    }

    public ImagesSettings {
        if (decodeThreads < 1 || decodeQueue < 0 || cacheBytes < 0 || maxPicturePixels < 1
                || decodeThreadIdle.isNegative() || decodeThreadIdle.isZero()) {
            throw new IllegalArgumentException(PATH + ": decode-threads must be >= 1 (0 in the file: one per core), "
                    + "decode-queue and picture-cache-size >= 0, max-picture-pixels and decode-thread-idle > 0");
        }
        if (png.compressionLevel() < 0 || png.compressionLevel() > MAX_ZLIB_LEVEL) {
            throw new IllegalArgumentException(PATH + ".png.compression-level must be 0..9");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(PATH + ".page-size must be between 1 and " + MAX_PAGE_SIZE);
        }
        PictureScaler.algorithm(scaler);
        if (tokenKey.length != 0 && tokenKey.length < TokenSeal.KEY_BYTES) {
            throw new IllegalArgumentException(PATH + ".token-key must decode to at least "
                    + TokenSeal.KEY_BYTES + " bytes");
        }
        tokenKey = tokenKey.clone();
    }

    public static ImagesSettings from(Config root) {
        Config c = root.getConfig(PATH);
        int threads = c.getInt("decode-threads");
        return new ImagesSettings(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                c.getInt("decode-queue"), c.getDuration("decode-thread-idle"), c.getLong("max-picture-pixels"),
                c.getBytes("picture-cache-size"), c.getInt("page-size"), c.getString("scaler"),
                new Png(c.getString("png.prediction"), c.getInt("png.compression-level")),
                Base64.getDecoder().decode(c.getString("token-key")));
    }

    /** reference.conf as shipped, for tests. */
    public static ImagesSettings defaults() {
        return from(ConfigFactory.defaultReference());
    }

    @Override
    public byte[] tokenKey() {
        return tokenKey.clone();
    }
}
