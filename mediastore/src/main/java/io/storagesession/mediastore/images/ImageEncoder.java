package io.storagesession.mediastore.images;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import io.storagesession.codecs.Libav;
import io.storagesession.mediastore.images.FfmpegNatives.MediaException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Encodes still images of one format and size: FFmpeg's {@code mjpeg} encoder for JPEG (ISO/IEC 10918-1 baseline,
 * JFIF) and {@code png} for PNG (ISO/IEC 15948). The caller writes each picture into {@link #frame()} (with a
 * {@link PictureScaler}) and calls {@link #encode()}.
 *
 * <p><b>JPEGQuality.</b> KVS takes a JPEG quality of 1..100 (default 80), the scale libjpeg made common: quality q
 * multiplies the standard quantisation tables (ISO/IEC 10918-1 Annex K) by S(q) = 5000/q % below 50 and 200 − 2q %
 * from 50 up, so 50 keeps the tables as they are and 100 brings every step down to 1. FFmpeg's MJPEG encoder has no
 * such setting; it takes a quantiser scale qscale 1..31 instead, and quantises with its base matrix times qscale / 8,
 * so qscale 8 keeps its base matrix. Quality is therefore mapped as qscale = round(8 × S(q) / 100), clamped to 1..31:
 * 100 → 1, 90 → 2, 80 (the default) → 3, 50 → 8, 25 → 16, 13 and below → 31. The qscale is fixed for the picture
 * ({@code AV_CODEC_FLAG_QSCALE}, {@code global_quality} in lambda units), not a rate-control target.
 *
 * <p><b>PNG</b> is lossless whatever the settings; its row filter and zlib level ({@code media-store.images.png}) only
 * trade CPU for bytes: a Paeth filter at level 1 makes camera pictures both faster and smaller than no filter at
 * zlib's default level 6, FFmpeg's own defaults.
 *
 * <p>Owns its native codec context, frame and packet; {@link #close} frees them (idempotent). Not thread-safe.
 */
final class ImageEncoder implements AutoCloseable {
    /** FFmpeg's MJPEG quantiser scale range (the codec's qmin/qmax bounds). */
    static final int MIN_QSCALE = 1;
    static final int MAX_QSCALE = 31;
    /** The qscale at which FFmpeg's MJPEG encoder quantises with its base matrix unscaled (matrix × qscale / 8). */
    private static final int UNSCALED_QSCALE = 8;
    /** libjpeg's quality scale: S(q) = 5000 / q below {@link #LINEAR_FROM}, 200 − 2q from it, in percent. */
    private static final int INVERSE_SCALE = 5000;
    private static final int LINEAR_FROM = 50;
    private static final int LINEAR_BASE = 200;
    private static final int PERCENT = 100;
    /** Still images carry no timing; a time base is required all the same. */
    private static final int TIME_BASE = 1;
    /** FFmpeg's png encoder option for the row filter (ISO/IEC 15948 §9), in its private context. */
    private static final String PNG_PREDICTION_OPTION = "pred";
    /** The option lives in the encoder's own private context: no search of children needed. */
    private static final int SEARCH_PRIVATE = 0;
    /** av_frame_get_buffer's default alignment for the CPU's SIMD. */
    private static final int DEFAULT_ALIGN = 0;

    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final int width;
    private final int height;
    private boolean closed;

    /**
     * Opens the encoder.
     *
     * @param jpegQuality KVS's JPEGQuality, 1..100 (ignored for PNG)
     * @param png         PNG's row filter and zlib level (ignored for JPEG)
     */
    ImageEncoder(ImageFormat format, int jpegQuality, ImagesSettings.Png png, int width, int height)
            throws MediaException {
        FfmpegNatives.load();
        this.width = width;
        this.height = height;
        AVCodec codec = avcodec_find_encoder_by_name(format.encoder());
        if (codec == null) {
            throw new MediaException("this FFmpeg build has no " + format.encoder() + " encoder");
        }
        context = avcodec_alloc_context3(codec);
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        try {
            context.width(width);
            context.height(height);
            context.pix_fmt(format.pixelFormat());
            context.time_base(new AVRational().num(TIME_BASE).den(TIME_BASE));
            if (format == ImageFormat.JPEG) {
                int lambda = qscale(jpegQuality) * FF_QP2LAMBDA;
                context.color_range(AVCOL_RANGE_JPEG);
                context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
                context.qmin(MIN_QSCALE);
                context.qmax(MAX_QSCALE);
                context.global_quality(lambda);
                frame.quality(lambda);
            } else {
                context.compression_level(png.compressionLevel());
                int pred = av_opt_set(context.priv_data(), PNG_PREDICTION_OPTION, png.prediction(), SEARCH_PRIVATE);
                if (pred < 0) {
                    throw new MediaException("the png encoder refused pred " + png.prediction() + ": FFmpeg error "
                            + pred);
                }
            }
            int opened = avcodec_open2(context, codec, (AVDictionary) null);
            if (opened < 0) {
                throw new MediaException(format.encoder() + " did not open at " + width + "x" + height
                        + ": FFmpeg error " + opened);
            }
            frame.format(format.pixelFormat());
            frame.width(width);
            frame.height(height);
            frame.color_range(context.color_range());
            int buffers = av_frame_get_buffer(frame, DEFAULT_ALIGN);
            if (buffers < 0) {
                throw new MediaException("no frame buffer for " + width + "x" + height + ": FFmpeg error " + buffers);
            }
        } catch (MediaException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The quantiser scale for KVS's JPEGQuality (see the class comment). */
    static int qscale(int jpegQuality) {
        int percent = jpegQuality < LINEAR_FROM ? INVERSE_SCALE / jpegQuality : LINEAR_BASE - 2 * jpegQuality;
        long qscale = Math.round((double) UNSCALED_QSCALE * percent / PERCENT);
        return (int) Math.max(MIN_QSCALE, Math.min(MAX_QSCALE, qscale));
    }

    /**
     * The picture to encode next, the encoder's pixel format at the image size, writable: the encoder may still hold
     * a reference to the buffers of the last picture, which are then replaced rather than written over.
     */
    AVFrame frame() throws MediaException {
        check(av_frame_make_writable(frame), "av_frame_make_writable");
        return frame;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Encodes {@link #frame()} into one image file. */
    byte[] encode() throws MediaException {
        check(avcodec_send_frame(context, frame), "avcodec_send_frame");
        // MJPEG and PNG are intra-only: each frame's image comes out at once, so nothing is ever held back to drain.
        check(avcodec_receive_packet(context, packet), "avcodec_receive_packet");
        try {
            byte[] image = new byte[packet.size()];
            packet.data().get(image);
            return image;
        } finally {
            av_packet_unref(packet);
        }
    }

    private static void check(int result, String call) throws MediaException {
        if (result < 0) {
            throw new MediaException(call + " failed: FFmpeg error " + result);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libav.free(context, packet, frame);
    }
}
