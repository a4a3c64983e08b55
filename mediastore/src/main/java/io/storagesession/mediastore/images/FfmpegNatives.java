package io.storagesession.mediastore.images;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;

/**
 * Loads the FFmpeg natives this package calls (libavcodec for H.264, MJPEG and PNG, libswscale) once, and keeps
 * FFmpeg's own logging to fatal messages: a stored stream with broken frames would otherwise print one line per broken
 * slice on stderr. Decoding errors reach the caller as return codes and become {@code MEDIA_ERROR} images.
 */
final class FfmpegNatives {
    /** What FFmpeg may still print: only messages about a failure of the library itself. */
    private static final int LOG_LEVEL = AV_LOG_FATAL;

    static {
        Loader.load(avcodec.class);
        Loader.load(swscale.class);
        av_log_set_level(LOG_LEVEL);
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
