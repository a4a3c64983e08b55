package io.storagesession.mediastore.images;

import io.storagesession.codecs.Libav;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg natives this package calls once: libavcodec (H.264, MJPEG and PNG) through the codecs module's
 * {@link Libav}, which also keeps FFmpeg's own logging to fatal messages (a stored stream with broken frames would
 * otherwise print one line per broken slice on stderr), and libswscale. Decoding errors reach the caller as return
 * codes and become {@code MEDIA_ERROR} images.
 */
final class FfmpegNatives {

    static {
        Libav.load();
        Loader.load(swscale.class);
    }

    private FfmpegNatives() {
    }

    /** Makes sure the natives are loaded before a codec or scaler is opened. */
    static void load() {
        // the static initializer does the work
    }

    /** An FFmpeg call failed: the picture or image it was for cannot be made. */
    static final class MediaException extends Exception {
        MediaException(String message) {
            super(message, null, false, false);
        }
    }
}
