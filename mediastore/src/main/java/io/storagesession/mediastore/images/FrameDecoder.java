package io.storagesession.mediastore.images;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.storagesession.codecs.Libav;
import io.storagesession.mediastore.images.FfmpegNatives.MediaException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's H.264 decoder for one decode pass over a run of stored frames of one GOP.
 *
 * <p>The track's avcC (MKV CodecPrivate of {@code V_MPEG4/ISO/AVC}, ISO/IEC 14496-15 §5.3.3.1) becomes the decoder's
 * extradata: it carries the SPS and PPS and tells FFmpeg that frames are AVCC, NAL units with 4-byte length prefixes
 * as MKV stores them, so stored frames go in as they are. Each frame goes in with its index as PTS and comes out with
 * it, so a decoder that reorders (B-frames) still hands back each picture under the right index.
 *
 * <p>Errors are not concealed: {@code AV_EF_EXPLODE} makes a broken slice fail its packet instead of being painted
 * over, and a picture flagged corrupt is dropped, so a damaged frame yields no picture (a {@code MEDIA_ERROR} image)
 * rather than a smeared one. One decoder thread: the decode executor already runs one decode per core.
 *
 * <p>Owns its native codec context, packet and frame; {@link #close} frees them (idempotent). Not thread-safe.
 */
final class FrameDecoder implements AutoCloseable {
    /** {@code AV_FRAME_FLAG_CORRUPT} (libavutil/frame.h, 1 << 0), a macro the bindings do not carry. */
    private static final int FRAME_FLAG_CORRUPT = 1;
    /** One decoding thread: the pool around it is what uses the cores. */
    private static final int DECODER_THREADS = 1;

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private boolean closed;

    /**
     * Opens the decoder for a track whose CodecPrivate is {@code avcC}; pictures of more than {@code maxPixels} are
     * refused by libavcodec itself ({@code max_pixels}) before it allocates them.
     */
    FrameDecoder(byte[] avcC, long maxPixels) throws MediaException {
        FfmpegNatives.load();
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        if (codec == null) {
            throw new MediaException("this FFmpeg build has no H.264 decoder");
        }
        context = avcodec_alloc_context3(codec);
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        try {
            if (avcC.length == 0) {
                throw new MediaException("the track has no avcC");
            }
            // libavcodec takes ownership of extradata (freed with the context) and reads it with padding.
            byte[] padded = Arrays.copyOf(avcC, avcC.length + AV_INPUT_BUFFER_PADDING_SIZE);
            BytePointer extradata = new BytePointer(av_malloc(padded.length)).capacity(padded.length);
            extradata.put(padded);
            context.extradata(extradata);
            context.extradata_size(avcC.length);
            context.thread_count(DECODER_THREADS);
            context.max_pixels(maxPixels);
            context.err_recognition(context.err_recognition() | AV_EF_EXPLODE);
            int opened = avcodec_open2(context, codec, (AVDictionary) null);
            if (opened < 0) {
                throw new MediaException("the H.264 decoder refused the avcC: FFmpeg error " + opened);
            }
        } catch (MediaException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Decodes {@code frames[from..to]} (stored order, {@code from} a keyframe), then drains the decoder, and returns
     * the pictures of the indices in {@code wanted} that came out whole. Stops at the first frame the decoder refuses:
     * wanted pictures after it are missing from the answer.
     *
     * @return picture by frame index
     */
    Map<Integer, Picture> decode(List<byte[]> frames, int from, int to, Set<Integer> wanted) throws MediaException {
        Map<Integer, Picture> out = new HashMap<>();
        for (int i = from; i <= to; i++) {
            if (!send(frames.get(i), i) || !receive(wanted, out)) {
                return out;
            }
        }
        if (avcodec_send_packet(context, null) >= 0) {
            receive(wanted, out);
        }
        return out;
    }

    /** Sends one AVCC access unit with {@code pts}; false when the decoder refuses it. */
    private boolean send(byte[] accessUnit, long pts) {
        // An empty packet would mean "end of stream" to libavcodec: an empty stored frame is broken media.
        if (accessUnit.length == 0 || av_new_packet(packet, accessUnit.length) < 0) {
            return false;
        }
        try {
            packet.data().capacity(accessUnit.length).put(accessUnit);
            packet.pts(pts);
            packet.dts(pts);
            return avcodec_send_packet(context, packet) >= 0;
        } finally {
            av_packet_unref(packet);
        }
    }

    /** Takes every picture the decoder has ready; false when it reported an error. */
    private boolean receive(Set<Integer> wanted, Map<Integer, Picture> out) throws MediaException {
        while (true) {
            int received = avcodec_receive_frame(context, frame);
            if (received == Libav.AGAIN || received == AVERROR_EOF) {
                return true;
            }
            if (received < 0) {
                return false;
            }
            try {
                int index = (int) frame.pts();
                boolean whole = frame.decode_error_flags() == 0 && (frame.flags() & FRAME_FLAG_CORRUPT) == 0;
                if (whole && wanted.contains(index)) {
                    out.put(index, Picture.copyOf(frame));
                }
            } finally {
                av_frame_unref(frame);
            }
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
