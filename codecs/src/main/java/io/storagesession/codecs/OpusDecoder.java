package io.storagesession.codecs;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decodes one Opus stream (RFC 6716) to 48 kHz mono 16-bit PCM with libopus, through FFmpeg's {@code libopus}
 * wrapper.
 *
 * <p>Mono, because the mixer sums voices: WebRTC microphones send mono even though RTP Opus is always signalled as
 * {@code opus/48000/2} (RFC 7587 §7), libopus downmixes a stereo packet itself, and half the samples halves the cost
 * of every later step.
 *
 * <p>Loss concealment: FFmpeg's wrapper always calls {@code opus_multistream_decode} with {@code decode_fec = 0} and
 * {@code avcodec_send_packet} refuses an empty packet, so neither in-band FEC (LBRR) nor libopus's "NULL packet" PLC
 * is reachable. A packet whose frames are all zero bytes long is legal framing (RFC 6716 §3.2.1: a 0-byte frame is
 * DTX or lost data), and libopus runs its PLC for each such frame. {@link #conceal} therefore decodes a packet made of
 * the last good packet's TOC and empty frames: the decoder's own pitch-based concealment, which keeps its state
 * continuous so the next real packet joins without a click (measured in {@code OpusDecoderTest}).
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
    /** libopus refused the packet (a corrupted stream); the FFmpeg error code is in {@link #lastError()}. */
    public static final int REJECTED = -5;

    private static final int MONO = 1;
    private static final int CODE_MASK = 0x03;
    private static final int CODE_ARBITRARY_FRAMES = 3;
    /** Room for the longest conceal packet: TOC and frame count byte. */
    private static final int CONCEAL_PACKET_BYTES = 2;

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final BytePointer input;
    private final Libav.Slot samplesAddress;
    private final NativeWindow.Shorts samples = new NativeWindow.Shorts();
    private final byte[] concealPacket = new byte[CONCEAL_PACKET_BYTES];
    private int lastToc = -1;
    private int lastSamples;
    private int lastError;
    private boolean closed;

    public OpusDecoder() {
        Libav.load();
        AVCodec codec = avcodec_find_decoder_by_name("libopus");
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no libopus decoder");
        }
        context = avcodec_alloc_context3(codec);
        av_channel_layout_default(context.ch_layout(), MONO);
        context.request_sample_fmt(AV_SAMPLE_FMT_S16);
        int opened = avcodec_open2(context, codec, (AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("libopus decoder did not open: FFmpeg error " + opened);
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        input = new BytePointer(Opus.MAX_PACKET_BYTES + AV_INPUT_BUFFER_PADDING_SIZE);
        samplesAddress = Libav.frameData(frame);
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
            lastToc = buf[off] & 0xFF;
            lastSamples = duration;
        }
        return written;
    }

    /**
     * Conceals one lost packet of the last good packet's duration with libopus's PLC (see the class comment), fading
     * towards silence over repeated losses as libopus does.
     *
     * @return the samples written, {@link #NO_HISTORY} before the first good packet, or another negative error
     */
    public int conceal(short[] pcm) {
        if (closed) {
            return CLOSED;
        }
        if (lastToc < 0) {
            return NO_HISTORY;
        }
        if (lastSamples > pcm.length) {
            return TOO_LONG;
        }
        int frames = lastSamples / OpusPacket.frameSamples(lastToc);
        int len;
        if (frames == 1) {
            concealPacket[0] = (byte) (lastToc & ~CODE_MASK);
            len = 1;
        } else {
            concealPacket[0] = (byte) ((lastToc & ~CODE_MASK) | CODE_ARBITRARY_FRAMES);
            concealPacket[1] = (byte) frames;
            len = 2;
        }
        return run(concealPacket, 0, len, pcm);
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
        samples.at(samplesAddress.read(), count).get(pcm, 0, count);
        av_frame_unref(frame);
        return count;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(context);
        input.close();
    }
}
