package io.storagesession.mediastore.images;

/**
 * GetImages' {@code WidthPixels} and {@code HeightPixels}, either may be absent, and the size of the image they ask
 * for once the source picture's size is known (GetImages API reference): both given, the picture is stretched to
 * exactly that size; neither, the source size; only one, the other follows from the source's aspect ratio. (The
 * reference documents the last rule for HeightPixels and, contradicting itself, a ValidationException for WidthPixels
 * alone; this server keeps the aspect ratio for either, so no request that one reading allows is refused.)
 *
 * @param width  WidthPixels, or null
 * @param height HeightPixels, or null
 */
record OutputSize(Integer width, Integer height) {
    /** The AWS model's WidthPixels range (1..3840). */
    static final int MAX_WIDTH = 3840;
    /** The AWS model's HeightPixels range (1..2160). */
    static final int MAX_HEIGHT = 2160;

    /** The pixel size of an image. */
    record Pixels(int width, int height) {
    }

    /** The image size for a source picture of {@code sourceWidth} x {@code sourceHeight}. */
    Pixels resolve(int sourceWidth, int sourceHeight) {
        if (width != null && height != null) {
            return new Pixels(width, height);
        }
        if (width != null) {
            return new Pixels(width, scaled(width, sourceHeight, sourceWidth, MAX_HEIGHT));
        }
        if (height != null) {
            return new Pixels(scaled(height, sourceWidth, sourceHeight, MAX_WIDTH), height);
        }
        return new Pixels(sourceWidth, sourceHeight);
    }

    /** {@code given * numerator / denominator} rounded to the nearest pixel, within 1..max. */
    private static int scaled(int given, int numerator, int denominator, int max) {
        long pixels = Math.round((double) given * numerator / denominator);
        return (int) Math.max(1, Math.min(max, pixels));
    }
}
