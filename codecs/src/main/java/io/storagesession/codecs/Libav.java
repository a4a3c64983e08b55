package io.storagesession.codecs;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * What the codec wrappers (here and the media store's image decoder) need from FFmpeg's libavcodec beyond its API: the natives loaded once, FFmpeg's own logging
 * quietened, and the struct slots that hold a frame's sample pointer and a packet's data pointer, read in place.
 */
public final class Libav {
    /**
     * FFmpeg logs every undecodable packet on stderr; a hostile sender could flood the log with them. Callers get the
     * error as a return code and count it, so only fatal messages are worth printing.
     */
    private static final int LOG_LEVEL = AV_LOG_FATAL;
    /**
     * {@code AVERROR(EAGAIN)}: the codec needs more input before it has output (for an encoder with lookahead, such as
     * AAC's). The bindings have no {@code AVERROR} macro; EAGAIN is 11 on Linux, the only platform bundled here.
     */
    public static final int AGAIN = -11;
    /** {@code AV_NUM_DATA_POINTERS} (libavutil/frame.h): the planes an {@code AVFrame} addresses directly. */
    static final int FRAME_PLANES = 8;
    /** The byte offset of {@code AVPacket.data}, as the bindings were compiled against FFmpeg's headers. */
    private static final long PACKET_DATA_OFFSET;
    /** The byte offset of {@code AVFrame.data[0]}. */
    private static final long FRAME_DATA_OFFSET;

    static {
        Loader.load(avcodec.class);
        av_log_set_level(LOG_LEVEL);
        PACKET_DATA_OFFSET = Loader.offsetof(AVPacket.class, "data");
        FRAME_DATA_OFFSET = Loader.offsetof(AVFrame.class, "data");
    }

    private Libav() {
    }

    /**
     * Frees what every codec wrapper here owns — its codec context, packet and frame — in the order libavcodec allows
     * (the packet and frame first, then the context they were used with). Each free is null-safe; call it once.
     */
    public static void free(AVCodecContext context, AVPacket packet, AVFrame frame) {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }

    /** Makes sure the natives are loaded before a codec is opened. */
    public static void load() {
        // the static initializer does the work
    }

    /** A view of the packet's {@code data} slot: {@link Slot#read} is the current data address, without allocating. */
    static Slot packetData(AVPacket packet) {
        return new Slot(packet, PACKET_DATA_OFFSET);
    }

    /** A view of the frame's {@code data[0]} slot: the address of its first plane of samples. */
    static Slot frameData(AVFrame frame) {
        return framePlane(frame, 0);
    }

    /**
     * A view of the frame's {@code data[plane]} slot: with a planar sample format (such as the AAC encoder's
     * {@code AV_SAMPLE_FMT_FLTP}) each channel has its own plane, up to {@link #FRAME_PLANES} of them.
     */
    static Slot framePlane(AVFrame frame, int plane) {
        if (plane < 0 || plane >= FRAME_PLANES) {
            throw new IllegalArgumentException("an AVFrame has planes 0-" + (FRAME_PLANES - 1) + ", not "
                    + plane);
        }
        return new Slot(frame, FRAME_DATA_OFFSET + (long) plane * Long.BYTES);
    }

    /** One pointer-sized member of a native struct, read in place. */
    static final class Slot {
        private final LongPointer words;
        private final long index;

        private Slot(Pointer struct, long byteOffset) {
            if (byteOffset % Long.BYTES != 0) {
                throw new IllegalStateException("unaligned pointer member at byte " + byteOffset);
            }
            this.words = new LongPointer(struct);
            this.index = byteOffset / Long.BYTES;
        }

        long read() {
            return words.get(index);
        }
    }
}
