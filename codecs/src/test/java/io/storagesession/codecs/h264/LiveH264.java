package io.storagesession.codecs.h264;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
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
import org.bytedeco.javacpp.Loader;

/**
 * A live OpenH264 encoder for the tests, frame by frame, that makes an IDR when asked — the way a libwebrtc sender
 * answers a PLI — and otherwise only every {@code gop} frames, so a test can play the master's side of keyframe
 * requests. Same pictures and settings as {@link RealH264}.
 */
public final class LiveH264 implements AutoCloseable {
    private final int width;
    private final int height;
    private final AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;
    private final List<RealH264.Frame> out = new ArrayList<>();
    private int n;

    public LiveH264(int width, int height, int profile, int gop) {
        Loader.load(avcodec.class);
        av_log_set_level(AV_LOG_FATAL);
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no libopenh264 encoder");
        }
        this.width = width;
        this.height = height;
        ctx = avcodec_alloc_context3(codec);
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        ctx.width(width);
        ctx.height(height);
        ctx.pix_fmt(AV_PIX_FMT_YUV420P);
        ctx.time_base(new AVRational().num(1).den(RealH264.FRAME_RATE));
        ctx.framerate(new AVRational().num(RealH264.FRAME_RATE).den(1));
        ctx.bit_rate(RealH264.BITRATE);
        ctx.gop_size(gop);
        ctx.profile(profile);
        ctx.max_b_frames(0);
        if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) {
            close();
            throw new IllegalStateException("libopenh264 did not open");
        }
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(width);
        frame.height(height);
        if (av_frame_get_buffer(frame, 0) < 0) {
            close();
            throw new IllegalStateException("no frame buffer");
        }
    }

    /** The next picture's access unit; an IDR when {@code keyframe} (libopenh264 honours a forced I picture). */
    public RealH264.Frame next(boolean keyframe) {
        av_frame_make_writable(frame);
        RealH264.paint(frame, n, width, height);
        frame.pts(n++);
        frame.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        avcodec_send_frame(ctx, frame);
        out.clear();
        RealH264.drain(ctx, packet, out);
        if (out.size() != 1) {
            throw new IllegalStateException("libopenh264 gave " + out.size() + " access units for one picture");
        }
        return out.get(0);
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(ctx);
    }
}
