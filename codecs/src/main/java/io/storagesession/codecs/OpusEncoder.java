package io.storagesession.codecs;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_int;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Encodes 48 kHz mono 16-bit PCM into 20 ms Opus packets (RFC 6716) with libopus, through FFmpeg's {@code libopus}
 * wrapper. A mono stream is legal on an {@code opus/48000/2} RTP session (RFC 7587 §7): the receiver decodes it to
 * whatever channels it plays. In-band FEC (RFC 6716 §2.1.7) is switched on so a listener's decoder can repair a single
 * loss from the next packet; libopus only spends bits on it when the expected loss is above zero.
 *
 * <p>Allocation-free per frame on the Java heap: the frame, packet and views over their native memory are made once.
 * Not thread-safe. {@link #close} frees the native codec and is idempotent.
 */
public final class OpusEncoder implements AutoCloseable {
    /** {@code pcm} holds fewer than {@link Opus#FRAME_SAMPLES} samples. */
    public static final int SHORT_INPUT = -1;
    /** The packet does not fit in {@code out} from {@code off}. */
    public static final int NO_ROOM = -2;
    /** The encoder was closed. */
    public static final int CLOSED = -4;
    /** libopus failed; the FFmpeg error code is in {@link #lastError()}. */
    public static final int FAILED = -5;

    private static final int MONO = 1;
    /** {@code AV_OPT_SEARCH_CHILDREN}: options such as {@code fec} live in the wrapper's private context. */
    private static final int SEARCH_PRIVATE = 0;

    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final Libav.Slot frameSamples;
    private final Libav.Slot packetBytes;
    private final NativeWindow.Shorts samples = new NativeWindow.Shorts();
    private final NativeWindow.Bytes bytes = new NativeWindow.Bytes();
    private long pts;
    private int lastError;
    private boolean closed;

    /**
     * @param settings bitrate, complexity, FEC and the libopus application mode
     * @throws IllegalArgumentException when libopus refuses a setting
     */
    public OpusEncoder(Settings settings) {
        Libav.load();
        AVCodec codec = avcodec_find_encoder_by_name("libopus");
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no libopus encoder");
        }
        context = avcodec_alloc_context3(codec);
        context.sample_rate(Opus.SAMPLE_RATE);
        context.sample_fmt(AV_SAMPLE_FMT_S16);
        av_channel_layout_default(context.ch_layout(), MONO);
        context.bit_rate(settings.bitrate());
        context.compression_level(settings.complexity());
        check(av_opt_set(context.priv_data(), "application", settings.application(), SEARCH_PRIVATE), "application");
        check(av_opt_set_int(context.priv_data(), "fec", settings.inbandFec() ? 1 : 0, SEARCH_PRIVATE), "fec");
        check(av_opt_set_int(context.priv_data(), "packet_loss", settings.expectedLossPercent(), SEARCH_PRIVATE),
                "packet_loss");
        check(av_opt_set(context.priv_data(), "frame_duration", Integer.toString(Opus.FRAME_MILLIS), SEARCH_PRIVATE),
                "frame_duration");
        int opened = avcodec_open2(context, codec, (AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            throw new IllegalArgumentException("libopus encoder did not open with " + settings + ": FFmpeg error "
                    + opened);
        }
        frame = av_frame_alloc();
        frame.nb_samples(Opus.FRAME_SAMPLES);
        frame.format(AV_SAMPLE_FMT_S16);
        frame.sample_rate(Opus.SAMPLE_RATE);
        av_channel_layout_default(frame.ch_layout(), MONO);
        av_frame_get_buffer(frame, 0);
        packet = av_packet_alloc();
        frameSamples = Libav.frameData(frame);
        packetBytes = Libav.packetData(packet);
    }

    private void check(int result, String option) {
        if (result < 0) {
            avcodec_free_context(context);
            throw new IllegalArgumentException("libopus refused option " + option + ": FFmpeg error " + result);
        }
    }

    /**
     * Encodes one 20 ms frame, {@code pcm[0..960)}, into {@code out} from {@code off}.
     *
     * @return the packet's length, or a negative error ({@link #SHORT_INPUT}, {@link #NO_ROOM}, {@link #FAILED},
     *     {@link #CLOSED})
     */
    public int encode(short[] pcm, byte[] out, int off) {
        if (closed) {
            return CLOSED;
        }
        if (pcm.length < Opus.FRAME_SAMPLES) {
            return SHORT_INPUT;
        }
        int writable = av_frame_make_writable(frame);
        if (writable < 0) {
            lastError = writable;
            return FAILED;
        }
        samples.at(frameSamples.read(), Opus.FRAME_SAMPLES).put(pcm, 0, Opus.FRAME_SAMPLES);
        frame.pts(pts);
        pts += Opus.FRAME_SAMPLES;
        int sent = avcodec_send_frame(context, frame);
        if (sent < 0) {
            lastError = sent;
            return FAILED;
        }
        int received = avcodec_receive_packet(context, packet);
        if (received < 0) {
            lastError = received;
            return FAILED;
        }
        int size = packet.size();
        if (size > out.length - off) {
            av_packet_unref(packet);
            return NO_ROOM;
        }
        bytes.at(packetBytes.read(), size).get(out, off, size);
        av_packet_unref(packet);
        return size;
    }

    /** FFmpeg's error code behind the last {@link #FAILED}. */
    public int lastError() {
        return lastError;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libav.free(context, packet, frame);
    }

    /**
     * How to encode.
     *
     * @param bitrate             target bits per second (libopus accepts 6000–510000)
     * @param complexity          0–10: CPU spent for quality ({@code OPUS_SET_COMPLEXITY})
     * @param inbandFec           whether to add LBRR data so a receiver can rebuild one lost packet from the next
     * @param expectedLossPercent the loss libopus plans FEC for; 0 disables FEC in practice
     * @param application         libopus's mode: {@code voip}, {@code audio} or {@code lowdelay}
     */
    public record Settings(int bitrate, int complexity, boolean inbandFec, int expectedLossPercent,
                           String application) {
    }
}
