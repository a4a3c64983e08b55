package io.storagesession.mediastore.images;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;

import io.storagesession.mediastore.images.FfmpegNatives.MediaException;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * A decoded picture at its source size, copied out of FFmpeg into the Java heap so that it can outlive the decoder
 * and be shared through the {@link PictureCache} by any thread: the planes packed one after the other without row
 * padding, as {@code av_image_copy_to_buffer} lays them out for its pixel format.
 *
 * @param width       picture width in pixels (the SPS's size after cropping, ISO/IEC 14496-10 §7.4.2.1.1)
 * @param height      picture height in pixels
 * @param pixelFormat the decoder's {@code AVPixelFormat} (4:2:0 8-bit for the streams KVS producers send)
 * @param fullRange   whether the samples use the full 0–255 range (VUI video_full_range_flag, Annex E) rather than
 *                    the 16–235 of ITU-R BT.601
 * @param data        the packed planes; never modified
 */
record Picture(int width, int height, int pixelFormat, boolean fullRange, byte[] data) {
    /** Rows of the packed layout start at any byte: no alignment padding. */
    static final int PACKED = 1;

    /** The heap this picture holds, for the cache's byte bound. */
    long bytes() {
        return data.length;
    }

    /** Copies a decoded frame out of FFmpeg's buffers. */
    static Picture copyOf(AVFrame frame) throws MediaException {
        int format = frame.format();
        int width = frame.width();
        int height = frame.height();
        int size = av_image_get_buffer_size(format, width, height, PACKED);
        if (size <= 0) {
            throw new MediaException("no packed layout for pixel format " + format + " at " + width + "x" + height);
        }
        byte[] data = new byte[size];
        try (BytePointer packed = new BytePointer(size)) {
            int copied = av_image_copy_to_buffer(packed, size, frame.data(), frame.linesize(), format, width, height,
                    PACKED);
            if (copied < 0) {
                throw new MediaException("av_image_copy_to_buffer failed: FFmpeg error " + copied);
            }
            packed.get(data);
        }
        boolean full = frame.color_range() == AVCOL_RANGE_JPEG || format == AV_PIX_FMT_YUVJ420P
                || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P;
        return new Picture(width, height, format, full, data);
    }
}
