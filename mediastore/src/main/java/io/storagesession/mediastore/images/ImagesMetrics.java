package io.storagesession.mediastore.images;

import io.storagesession.metrics.Metrics;

/**
 * GetImages' series in the process-wide {@link Metrics} registry (rendered at {@code /metrics}): images answered by
 * outcome, frames decoded, pictures served from the {@link PictureCache}, and requests refused because the decode
 * executor was full. Decoded frames against images answered is the cost of the sampling the clients ask for.
 */
final class ImagesMetrics {
    private final Metrics.Counter images;
    private final Metrics.Counter framesDecoded;
    private final Metrics.Counter cacheHits;
    private final Metrics.Counter refused;

    ImagesMetrics(Metrics metrics) {
        images = metrics.counter("kvs_media_store_images_total",
                "GetImages images answered, by outcome (IMAGE, NO_MEDIA, MEDIA_ERROR)", "outcome");
        framesDecoded = metrics.counter("kvs_media_store_images_frames_decoded_total",
                "H.264 frames decoded for GetImages, keyframes and the frames between them and a sample included");
        cacheHits = metrics.counter("kvs_media_store_images_picture_cache_hits_total",
                "GetImages samples whose picture came from the decoded-picture cache");
        refused = metrics.counter("kvs_media_store_images_refused_total",
                "GetImages requests refused with ClientLimitExceededException: the decode queue was full");
    }

    void image(String outcome) {
        images.inc(outcome);
    }

    void framesDecoded(long frames) {
        framesDecoded.add(frames);
    }

    void cacheHit() {
        cacheHits.inc();
    }

    void refused() {
        refused.inc();
    }

    long framesDecoded() {
        return framesDecoded.value();
    }

    long cacheHits() {
        return cacheHits.value();
    }
}
