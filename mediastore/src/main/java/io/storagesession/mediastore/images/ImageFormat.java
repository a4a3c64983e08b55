package io.storagesession.mediastore.images;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

/**
 * GetImages' {@code Format} (AWS model: JPEG | PNG) and the FFmpeg encoder and input pixel format that make it.
 *
 * <p>JPEG: FFmpeg's {@code mjpeg} encoder from full-range 4:2:0 YUV, the sampling and range of a JFIF file
 * (JFIF 1.02: YCbCr as in ITU-R BT.601 with the full 0–255 range). PNG: FFmpeg's {@code png} encoder from 8-bit RGB
 * (ISO/IEC 15948 colour type 2), lossless once converted.
 */
enum ImageFormat {
    JPEG("mjpeg", AV_PIX_FMT_YUVJ420P),
    PNG("png", AV_PIX_FMT_RGB24);

    private final String encoder;
    private final int pixelFormat;

    ImageFormat(String encoder, int pixelFormat) {
        this.encoder = encoder;
        this.pixelFormat = pixelFormat;
    }

    /** FFmpeg's name of the encoder. */
    String encoder() {
        return encoder;
    }

    /** The {@code AVPixelFormat} the encoder takes. */
    int pixelFormat() {
        return pixelFormat;
    }
}
