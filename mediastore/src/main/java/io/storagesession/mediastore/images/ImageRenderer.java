package io.storagesession.mediastore.images;

import io.storagesession.mediastore.images.FfmpegNatives.MediaException;
import java.util.Base64;

/**
 * Turns decoded pictures into GetImages' {@code ImageContent}: resized and converted ({@link PictureScaler}), encoded
 * ({@link ImageEncoder}) and base64-encoded, as the AWS model's Image shape carries it. The scaler and encoder are kept
 * from one picture to the next while the source and image sizes stay the same, which they do within a stream.
 * Owns both; {@link #close} frees them. Not thread-safe: one per decode task.
 */
final class ImageRenderer implements AutoCloseable {
    /** The AWS model's ImageContent: at most 6 MiB of base64 (6291456 characters). */
    static final int MAX_IMAGE_CONTENT_CHARS = 6_291_456;

    private final ImageFormat format;
    private final int jpegQuality;
    private final ImagesSettings.Png png;
    private final OutputSize size;
    private final int algorithm;
    private ImageEncoder encoder;
    private PictureScaler scaler;

    ImageRenderer(ImageFormat format, int jpegQuality, ImagesSettings.Png png, OutputSize size, int algorithm) {
        this.format = format;
        this.jpegQuality = jpegQuality;
        this.png = png;
        this.size = size;
        this.algorithm = algorithm;
    }

    /**
     * The image of {@code picture} as base64, or null when it cannot be made (FFmpeg refused, or the image is larger
     * than ImageContent may be): the caller answers {@code MEDIA_ERROR} for it.
     */
    String render(Picture picture) {
        try {
            OutputSize.Pixels pixels = size.resolve(picture.width(), picture.height());
            if (encoder == null || encoder.width() != pixels.width() || encoder.height() != pixels.height()) {
                closeCodecs();
                encoder = new ImageEncoder(format, jpegQuality, png, pixels.width(), pixels.height());
            }
            if (scaler == null || !scaler.accepts(picture)) {
                closeScaler();
                scaler = new PictureScaler(picture, pixels.width(), pixels.height(), format.pixelFormat(), true,
                        algorithm);
            }
            scaler.scale(picture, encoder.frame());
            String content = Base64.getEncoder().encodeToString(encoder.encode());
            return content.length() <= MAX_IMAGE_CONTENT_CHARS ? content : null;
        } catch (MediaException e) {
            closeCodecs();
            return null;
        }
    }

    private void closeCodecs() {
        closeScaler();
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }

    private void closeScaler() {
        if (scaler != null) {
            scaler.close();
            scaler = null;
        }
    }

    @Override
    public void close() {
        closeCodecs();
    }
}
