package io.storagesession.mediastore.images;

import static org.bytedeco.ffmpeg.global.avutil.av_image_fill_arrays;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_LANCZOS;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import io.storagesession.mediastore.images.FfmpegNatives.MediaException;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded pictures of one source size and pixel format to an image's size and the encoder's pixel format
 * with libswscale: the resize WidthPixels/HeightPixels ask for, the chroma sampling, and the sample range (limited
 * 16–235 video to JPEG's full range, or YUV to RGB for PNG).
 *
 * <p>Colour: the ITU-R BT.601 matrix on both sides, which is what an H.264 stream without colour description in its VUI
 * (ISO/IEC 14496-10 Annex E, matrix_coefficients 2 "unspecified") is shown with by FFmpeg and most players, and what
 * JFIF defines for JPEG. Owns its native context and source buffer; {@link #close} frees them. Not thread-safe.
 */
final class PictureScaler implements AutoCloseable {
    /** libswscale's fixed-point unit for brightness 0, contrast 1 and saturation 1. */
    private static final int UNITY = 1 << 16;
    private static final int NO_BRIGHTNESS = 0;
    private static final int FULL_RANGE = 1;
    private static final int LIMITED_RANGE = 0;
    /** FFmpeg's names of swscale's algorithms (libswscale/options.c), as reference.conf takes them. */
    private static final Map<String, Integer> ALGORITHMS = Map.of("fast_bilinear", SWS_FAST_BILINEAR,
            "bilinear", SWS_BILINEAR, "bicubic", SWS_BICUBIC, "area", SWS_AREA, "lanczos", SWS_LANCZOS);
    /** av_image_fill_arrays fills up to four planes (AV_NUM_DATA_POINTERS is more; the rest stay null). */
    private static final int PLANES = 4;

    private final int sourceWidth;
    private final int sourceHeight;
    private final int sourceFormat;
    private final boolean sourceFullRange;
    private final SwsContext context;
    private final PointerPointer<BytePointer> sourcePlanes = new PointerPointer<>(PLANES);
    private final IntPointer sourceStrides = new IntPointer(PLANES);
    private BytePointer sourceBuffer = new BytePointer(0L);
    private boolean closed;

    /** The swscale flag of an algorithm's name; IllegalArgumentException for a name it does not know. */
    static int algorithm(String name) {
        Integer flag = ALGORITHMS.get(name);
        if (flag == null) {
            throw new IllegalArgumentException("unknown scaler " + name + "; one of " + ALGORITHMS.keySet());
        }
        return flag;
    }

    PictureScaler(Picture source, int width, int height, int pixelFormat, boolean fullRange, int algorithm)
            throws MediaException {
        FfmpegNatives.load();
        this.sourceWidth = source.width();
        this.sourceHeight = source.height();
        this.sourceFormat = source.pixelFormat();
        this.sourceFullRange = source.fullRange();
        context = sws_getContext(sourceWidth, sourceHeight, sourceFormat, width, height, pixelFormat, algorithm,
                (SwsFilter) null, (SwsFilter) null, (DoublePointer) null);
        if (context == null) {
            close();
            throw new MediaException("swscale cannot convert " + sourceFormat + " " + sourceWidth + "x" + sourceHeight
                    + " to " + pixelFormat + " " + width + "x" + height);
        }
        IntPointer bt601 = sws_getCoefficients(SWS_CS_ITU601);
        sws_setColorspaceDetails(context, bt601, source.fullRange() ? FULL_RANGE : LIMITED_RANGE, bt601,
                fullRange ? FULL_RANGE : LIMITED_RANGE, NO_BRIGHTNESS, UNITY, UNITY);
    }

    /** Whether this scaler takes {@code picture} (same size, pixel format and range as the one it was made for). */
    boolean accepts(Picture picture) {
        return picture.width() == sourceWidth && picture.height() == sourceHeight
                && picture.pixelFormat() == sourceFormat && picture.fullRange() == sourceFullRange;
    }

    /** Writes {@code picture}, converted, into {@code target} (allocated at this scaler's output size and format). */
    void scale(Picture picture, AVFrame target) throws MediaException {
        byte[] data = picture.data();
        if (sourceBuffer.capacity() < data.length) {
            sourceBuffer.close();
            sourceBuffer = new BytePointer((long) data.length);
        }
        sourceBuffer.position(0).put(data, 0, data.length);
        int filled = av_image_fill_arrays(sourcePlanes, sourceStrides, sourceBuffer, sourceFormat, sourceWidth,
                sourceHeight, Picture.PACKED);
        if (filled < 0) {
            throw new MediaException("av_image_fill_arrays failed: FFmpeg error " + filled);
        }
        int rows = sws_scale(context, sourcePlanes, sourceStrides, 0, sourceHeight, target.data(), target.linesize());
        if (rows <= 0) {
            throw new MediaException("sws_scale produced no rows");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (context != null) {
            sws_freeContext(context);
        }
        sourceBuffer.close();
        sourcePlanes.close();
        sourceStrides.close();
    }
}
