package io.storagesession.codecs;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decodes one Opus stream (RFC 6716) to 48 kHz mono 16-bit PCM with FFmpeg's own Opus decoder.
 *
 * <p>Why FFmpeg's decoder and not libopus through FFmpeg's {@code libopus} wrapper: in the FFmpeg build this server
 * ships, it decodes a 20 ms voice frame in about 20 µs against libopus's 80 µs, and decoding the talkers is most of
 * what a session with several people talking costs. It is a complete RFC 6716 decoder (SILK, CELT and hybrid), checked
 * on tones in {@code OpusCodecTest} and {@code OpusConcealmentTest}. It outputs floats, converted here to 16-bit samples.
 *
 * <p>Mono, because the mixer sums voices: WebRTC microphones send mono even though RTP Opus is always signalled as
 * {@code opus/48000/2} (RFC 7587 §7), the decoder downmixes a stereo packet itself, and half the samples halves the
 * cost of every later step.
 *
 * <p>Loss concealment: FFmpeg's decoder has none (a lost frame would be silence), so {@link #conceal} repeats the last
 * pitch period of what was decoded, fading as the loss goes on, and the next decoded frame is cross-faded in
 * ({@link PitchConcealment}, measured in {@code OpusConcealmentTest}).
 *
 * <p>Allocation-free per packet: the input buffer, packet, frame and the views over their native memory are made
 * once. Not thread-safe; confine to one thread at a time. {@link #close} frees the native codec and is idempotent.
 */
public final class OpusDecoder implements AutoCloseable {
    /** The packet breaks RFC 6716 §3.4 framing, or is longer than {@link Opus#MAX_PACKET_BYTES}. */
    public static final int MALFORMED = -1;
    /** The packet decodes to more samples than the caller's buffer holds. */
    public static final int TOO_LONG = -2;
    /** Nothing was decoded yet, so there is nothing to conceal from. */
    public static final int NO_HISTORY = -3;
    /** The decoder was closed. */
    public static final int CLOSED = -4;
    /** The decoder refused the packet (a corrupted stream); the FFmpeg error code is in {@link #lastError()}. */
    public static final int REJECTED = -5;

    private static final int MONO = 1;
    /** A float sample of 1.0 is full scale (FFmpeg's float formats); 16-bit full scale is 2^15. */
    private static final float FULL_SCALE = 32768f;

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final BytePointer input;
    private final Libav.Slot samplesAddress;
    private final NativeWindow.Shorts samples = new NativeWindow.Shorts();
    private final NativeWindow.Floats floatSamples = new NativeWindow.Floats();
    private final float[] floats = new float[Opus.MAX_PACKET_SAMPLES];
    private final boolean floatOutput;
    private final PitchConcealment concealment = new PitchConcealment();
    private int lastSamples;
    private int lastError;
    private boolean closed;

    public OpusDecoder() {
        Libav.load();
        AVCodec codec = avcodec_find_decoder_by_name("opus");
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no Opus decoder");
        }
        context = avcodec_alloc_context3(codec);
        av_channel_layout_default(context.ch_layout(), MONO);
        context.request_sample_fmt(AV_SAMPLE_FMT_S16);
        int opened = avcodec_open2(context, codec, (AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("the Opus decoder did not open: FFmpeg error " + opened);
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        input = new BytePointer(Opus.MAX_PACKET_BYTES + AV_INPUT_BUFFER_PADDING_SIZE);
        samplesAddress = Libav.frameData(frame);
        floatOutput = context.sample_fmt() == AV_SAMPLE_FMT_FLTP || context.sample_fmt() == AV_SAMPLE_FMT_FLT;
    }

    /**
     * Decodes one packet into {@code pcm} from index 0.
     *
     * @return the samples written, or a negative error ({@link #MALFORMED}, {@link #TOO_LONG}, {@link #REJECTED},
     *     {@link #CLOSED}); the decoder stays usable after any error
     */
    public int decode(byte[] buf, int off, int len, short[] pcm) {
        if (closed) {
            return CLOSED;
        }
        if (len > Opus.MAX_PACKET_BYTES) {
            return MALFORMED;
        }
        int duration = OpusPacket.samples(buf, off, len);
        if (duration < 0) {
            return MALFORMED;
        }
        if (duration > pcm.length) {
            return TOO_LONG;
        }
        int written = run(buf, off, len, pcm);
        if (written >= 0) {
            concealment.decoded(pcm, written);
            lastSamples = written;
        }
        return written;
    }

    /**
     * Conceals one lost packet of the last good packet's duration by repeating the last pitch period (see the class
     * comment), fading towards silence over repeated losses.
     *
     * @return the samples written, {@link #NO_HISTORY} before the first good packet, or another negative error
     */
    public int conceal(short[] pcm) {
        if (closed) {
            return CLOSED;
        }
        if (!concealment.hasHistory()) {
            return NO_HISTORY;
        }
        if (lastSamples > pcm.length) {
            return TOO_LONG;
        }
        concealment.conceal(pcm, lastSamples);
        return lastSamples;
    }

    /** FFmpeg's error code behind the last {@link #REJECTED}. */
    public int lastError() {
        return lastError;
    }

    private int run(byte[] buf, int off, int len, short[] pcm) {
        input.position(0).put(buf, off, len);
        packet.data(input);
        packet.size(len);
        int sent = avcodec_send_packet(context, packet);
        if (sent < 0) {
            lastError = sent;
            return REJECTED;
        }
        int received = avcodec_receive_frame(context, frame);
        if (received < 0) {
            lastError = received;
            return REJECTED;
        }
        int count = frame.nb_samples();
        if (count > pcm.length) {
            av_frame_unref(frame);
            return TOO_LONG;
        }
        if (floatOutput) {
            floatSamples.at(samplesAddress.read(), count).get(floats, 0, count);
            for (int i = 0; i < count; i++) {
                pcm[i] = Opus.clip16(floats[i] * FULL_SCALE);
            }
        } else {
            samples.at(samplesAddress.read(), count).get(pcm, 0, count);
        }
        av_frame_unref(frame);
        return count;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libav.free(context, packet, frame);
        input.close();
    }
}
