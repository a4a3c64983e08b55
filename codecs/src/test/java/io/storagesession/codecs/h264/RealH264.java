package io.storagesession.codecs.h264;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Real H.264 for the tests, made at test time by OpenH264 (Cisco's encoder, the one Chromium uses for software H.264)
 * through FFmpeg's {@code libopenh264} wrapper in the bytedeco natives the codecs module already depends on: no
 * checked-in bitstreams, and the SPS bytes are exactly what such a sender puts on the wire. Each access unit comes back
 * as its NAL units (start codes removed), the first one with SPS and PPS in band.
 */
public final class RealH264 {
    /** FFmpeg's AV_PROFILE_H264_CONSTRAINED_BASELINE (66 | constraint_set1) and AV_PROFILE_H264_HIGH. */
    public static final int CONSTRAINED_BASELINE = 66 | 1 << 9;
    public static final int HIGH = 100;
    static final int FRAME_RATE = 30;
    static final int BITRATE = 500_000;
    private static final int START_CODE_ZEROS = 2;

    /** One encoded access unit. */
    public record Frame(List<byte[]> nalUnits, boolean key) {
        public int bytes() {
            return nalUnits.stream().mapToInt(n -> n.length).sum();
        }
    }

    private RealH264() {
    }

    /** Encodes {@code frames} pictures of moving gradients; a keyframe every {@code gop} frames. */
    public static List<Frame> encode(int width, int height, int profile, int frames, int gop) {
        Loader.load(avcodec.class);
        av_log_set_level(AV_LOG_FATAL);
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no libopenh264 encoder");
        }
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        List<Frame> out = new ArrayList<>();
        try {
            ctx.width(width);
            ctx.height(height);
            ctx.pix_fmt(AV_PIX_FMT_YUV420P);
            ctx.time_base(new AVRational().num(1).den(FRAME_RATE));
            ctx.framerate(new AVRational().num(FRAME_RATE).den(1));
            ctx.bit_rate(BITRATE);
            ctx.gop_size(gop);
            ctx.profile(profile);
            ctx.max_b_frames(0);
            if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) {
                throw new IllegalStateException("libopenh264 did not open");
            }
            frame.format(AV_PIX_FMT_YUV420P);
            frame.width(width);
            frame.height(height);
            if (av_frame_get_buffer(frame, 0) < 0) {
                throw new IllegalStateException("no frame buffer");
            }
            for (int i = 0; i < frames; i++) {
                av_frame_make_writable(frame);
                paint(frame, i, width, height);
                frame.pts(i);
                avcodec_send_frame(ctx, frame);
                drain(ctx, packet, out);
            }
            avcodec_send_frame(ctx, null);
            drain(ctx, packet, out);
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(ctx);
        }
        return out;
    }

    static void paint(AVFrame frame, int n, int width, int height) {
        BytePointer y = frame.data(0);
        int stride = frame.linesize(0);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                y.put((long) row * stride + col, (byte) (col + row + n * 3));
            }
        }
        for (int plane = 1; plane <= 2; plane++) {
            BytePointer c = frame.data(plane);
            int cs = frame.linesize(plane);
            for (int row = 0; row < height / 2; row++) {
                for (int col = 0; col < width / 2; col++) {
                    c.put((long) row * cs + col, (byte) (128 + plane * (col - row + n)));
                }
            }
        }
    }

    static void drain(AVCodecContext ctx, AVPacket packet, List<Frame> out) {
        while (avcodec_receive_packet(ctx, packet) >= 0) {
            byte[] annexB = new byte[packet.size()];
            packet.data().get(annexB);
            out.add(new Frame(splitAnnexB(annexB), (packet.flags() & AV_PKT_FLAG_KEY) != 0));
            av_packet_unref(packet);
        }
    }

    /** Splits an Annex B byte stream (H.264 Annex B.1) at its 3- and 4-byte start codes. */
    static List<byte[]> splitAnnexB(byte[] s) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + START_CODE_ZEROS < s.length) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                if (start >= 0) {
                    nals.add(trimmed(s, start, i));
                }
                i += START_CODE_ZEROS + 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            nals.add(trimmed(s, start, s.length));
        }
        return nals;
    }

    /** A NAL unit ends before the zero bytes of the next start code (trailing_zero_8bits). */
    private static byte[] trimmed(byte[] s, int from, int to) {
        int end = to;
        while (end > from && s[end - 1] == 0) {
            end--;
        }
        byte[] nal = new byte[end - from];
        System.arraycopy(s, from, nal, 0, nal.length);
        return nal;
    }
}
