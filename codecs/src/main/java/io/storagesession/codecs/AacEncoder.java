package io.storagesession.codecs;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Encodes the session's audio mix, 16-bit PCM in chunks of any length (the mixer's are 960 samples, 20 ms at
 * 48 kHz), into AAC LC access units (ISO/IEC 14496-3) with FFmpeg's native {@code aac} encoder, for the recorder's
 * {@code A_AAC} track: KVS HLS, DASH and GetClip play no other audio (KVS-WIRE.md §5).
 *
 * <p><b>Framing.</b> AAC LC codes 1024 samples per channel per access unit (ISO/IEC 14496-3 §4.4.1,
 * GASpecificConfig with frameLengthFlag 0) and FFmpeg's encoder takes planar float ({@code AV_SAMPLE_FMT_FLTP}).
 * A {@link PlanarFrame} converts the chunks and gathers them into 1024-sample frames; each full frame goes to the
 * encoder, which holds one frame back as lookahead.
 *
 * <p><b>Timeline.</b> The first chunk's timestamp anchors the stream; later chunks are expected back to back. A
 * forward jump of at most {@code codecs.aac.max-gap} is filled with silence, so the AAC timeline stays the caller's;
 * a larger jump or a step back is refused ({@link ChunkTimeline}).
 *
 * <p><b>Priming, and the first block's timecode.</b> Each AAC frame is the MDCT of 2048 samples, the frame and the
 * one before it (ISO/IEC 14496-3 §4.6.11, overlapping windows), so a decoder's output lags the input by one frame:
 * FFmpeg reports {@link #primingSamples()} = 1024 ({@code AVCodecContext.initial_padding}), and the first access unit
 * decodes to those priming samples, near-silence running into the start of the input. Every access unit is handed
 * over with the presentation time of the samples it decodes to, which is FFmpeg's own packet PTS moved onto the
 * caller's clock: the first at the first input sample's time minus the priming, then exactly {@link #frameSamples()}
 * apart. A decoded frame placed at its PTS thus lines up with the input, and so with the video, with no edit list
 * and no trimming by the player. That is the choice for KVS: its {@code A_AAC} tracks carry no CodecDelay
 * (KVS-WIRE.md §5), and Matroska readers play AAC blocks at their timecodes (ffmpeg does, measured in the recorder's
 * {@code AacRecordingJudgedTest}). So a Matroska writer gives each block the timecode of its PTS, and the first block
 * lies 21.3 ms (at 48 kHz) before the first mixed sample; in the first fragment it follows the video keyframe with a
 * negative relative timecode. It must not be dropped: the next frame's output overlaps with it, and without it the
 * first 1024 input samples decode as noise (measured on a tone: 3 dB signal-to-noise instead of 29 dB).
 *
 * <p><b>End.</b> {@link #flush()} pads the last partial frame with silence and drains the encoder's lookahead, so
 * every input sample is in an access unit; the decoded stream is then longer than the input by the priming samples
 * plus the padding of the last frame.
 *
 * <p>Allocation-free per chunk on the Java heap: the sample buffer, the native frame and packet, the views over their
 * memory and the output buffer are made once. Not thread-safe; confine to one thread. {@link #close()} frees the
 * native encoder and is idempotent; any call but {@code close} afterwards throws {@link IllegalStateException}.
 */
public final class AacEncoder implements AutoCloseable {
    /**
     * ISO/IEC 14496-3 subpart 4 sizes the decoder's input buffer at 6144 bits per channel, so no access unit is
     * longer. The output buffer starts at that size and grows if the encoder ever exceeds it.
     */
    private static final int MAX_BYTES_PER_CHANNEL = 6144 / Byte.SIZE;
    /** Options such as {@code aac_coder} live in the encoder's private context; no search of children needed. */
    private static final int SEARCH_PRIVATE = 0;

    private enum State { OPEN, FLUSHED, CLOSED }

    private final AacFrameSink sink;
    private final int channels;
    private final int sampleRate;
    private final int frameSamples;
    private final int primingSamples;
    private final byte[] audioSpecificConfig;
    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final Libav.Slot[] planes;
    private final Libav.Slot packetBytes;
    private final NativeWindow.Floats planeWindow = new NativeWindow.Floats();
    private final NativeWindow.Bytes packetWindow = new NativeWindow.Bytes();
    /** The frame being gathered: the FIFO between the caller's chunks and 1024-sample frames. */
    private final PlanarFrame pending;
    private final ChunkTimeline timeline;
    private byte[] out;
    /** Frames sent to the encoder; the next one's PTS, counted from the anchor, is this times the frame size. */
    private long framesSent;
    /** What the sink threw during the current call, rethrown once the call has taken all its input. */
    private RuntimeException sinkFailure;
    private State state = State.OPEN;

    /**
     * Opens the encoder.
     *
     * @param settings the {@code codecs.aac} block: encoder and its coder, sample rate, channels, bit rate, largest
     *                 gap filled
     * @param sink     receives every access unit, during {@link #encode} and {@link #flush()} calls
     * @throws IllegalArgumentException when FFmpeg refuses the settings
     * @throws IllegalStateException    when the FFmpeg build has no such encoder or it does not produce AAC LC
     */
    public AacEncoder(AacSettings settings, AacFrameSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.channels = settings.channels();
        this.sampleRate = settings.sampleRate();
        Libav.load();
        AVCodec codec = avcodec_find_encoder_by_name(settings.encoder());
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no encoder named " + settings.encoder());
        }
        context = avcodec_alloc_context3(codec);
        context.sample_rate(sampleRate);
        context.sample_fmt(AV_SAMPLE_FMT_FLTP);
        context.time_base().num(1).den(sampleRate);
        av_channel_layout_default(context.ch_layout(), channels);
        context.bit_rate(settings.bitRate());
        int coder = av_opt_set(context.priv_data(), "aac_coder", settings.coder(), SEARCH_PRIVATE);
        if (coder < 0) {
            avcodec_free_context(context);
            throw new IllegalArgumentException(settings.encoder() + " encoder refused aac_coder " + settings.coder()
                    + ": FFmpeg error " + coder);
        }
        int opened = avcodec_open2(context, codec, (AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            throw new IllegalArgumentException(settings.encoder() + " encoder did not open with " + settings
                    + ": FFmpeg error " + opened);
        }
        frameSamples = context.frame_size();
        primingSamples = context.initial_padding();
        try {
            audioSpecificConfig = AudioSpecificConfig.aacLc(extradata(context));
            if (frameSamples <= 0) {
                throw new IllegalStateException(settings.encoder() + " takes frames of any size; AAC needs fixed ones");
            }
        } catch (RuntimeException e) {
            avcodec_free_context(context);
            throw e;
        }
        frame = av_frame_alloc();
        frame.nb_samples(frameSamples);
        frame.format(AV_SAMPLE_FMT_FLTP);
        frame.sample_rate(sampleRate);
        av_channel_layout_default(frame.ch_layout(), channels);
        packet = av_packet_alloc();
        int buffers = av_frame_get_buffer(frame, 0);
        if (buffers < 0) {
            freeNative();
            throw new IllegalStateException("no native frame buffer: FFmpeg error " + buffers);
        }
        planes = new Libav.Slot[channels];
        for (int c = 0; c < channels; c++) {
            planes[c] = Libav.framePlane(frame, c);
        }
        packetBytes = Libav.packetData(packet);
        pending = new PlanarFrame(channels, frameSamples);
        timeline = new ChunkTimeline(settings.maxGapSamples());
        out = new byte[MAX_BYTES_PER_CHANNEL * channels];
    }

    private static byte[] extradata(AVCodecContext context) {
        byte[] bytes = new byte[Math.max(0, context.extradata_size())];
        if (bytes.length > 0) {
            context.extradata().get(bytes);
        }
        return bytes;
    }

    /**
     * Takes interleaved 16-bit samples {@code pcm[offset, offset + length)} whose first sample is at
     * {@code ptsSamples} on the caller's timeline (samples per channel), and hands every access unit completed by
     * them to the sink.
     *
     * @throws IndexOutOfBoundsException when the range is outside {@code pcm}
     * @throws IllegalArgumentException  when {@code length} is not a positive multiple of the channel count, or the
     *                                   timestamp steps back or jumps further than {@code max-gap}; nothing is taken
     * @throws IllegalStateException     after {@link #flush()} or {@link #close()}, or when FFmpeg fails
     * @throws RuntimeException          what the sink threw, after the whole chunk was taken: only the access unit
     *                                   the sink failed on is lost, the timeline stays intact
     */
    public void encode(short[] pcm, int offset, int length, long ptsSamples) {
        requireOpen();
        Objects.checkFromIndexSize(offset, length, pcm.length);
        int samples = samplesPerChannel(length, 1);
        fillGap(timeline.gapBefore(ptsSamples));
        int at = offset;
        int remaining = samples;
        while (remaining > 0) {
            int taken = pending.take(pcm, at, remaining);
            at += taken * channels;
            remaining -= taken;
            sendIfFull();
        }
        timeline.taken(ptsSamples, samples);
        rethrowSinkFailure();
    }

    /**
     * Like {@link #encode(short[], int, int, long)} for 16-bit little-endian PCM bytes; {@code length} is in bytes,
     * a positive multiple of two per channel.
     */
    public void encode(byte[] s16le, int offset, int length, long ptsSamples) {
        requireOpen();
        Objects.checkFromIndexSize(offset, length, s16le.length);
        int samples = samplesPerChannel(length, Short.BYTES);
        fillGap(timeline.gapBefore(ptsSamples));
        int at = offset;
        int remaining = samples;
        while (remaining > 0) {
            int taken = pending.takeLittleEndian(s16le, at, remaining);
            at += taken * channels * Short.BYTES;
            remaining -= taken;
            sendIfFull();
        }
        timeline.taken(ptsSamples, samples);
        rethrowSinkFailure();
    }

    /**
     * Ends the stream: pads the frame being gathered with silence, encodes it, and drains the encoder's lookahead to
     * the sink. The encoder takes no more input afterwards; a second call does nothing.
     *
     * @throws IllegalStateException after {@link #close()}, or when FFmpeg fails
     */
    public void flush() {
        if (state == State.CLOSED) {
            throw closed();
        }
        if (state == State.FLUSHED) {
            return;
        }
        state = State.FLUSHED;
        if (!pending.empty()) {
            pending.padWithSilence();
            sendIfFull();
        }
        send(null);
        rethrowSinkFailure();
    }

    /**
     * The 2-byte AAC LC AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) for an {@code A_AAC} track's CodecPrivate:
     * the head of the encoder's extradata, see {@link AudioSpecificConfig} for what FFmpeg appends to it.
     */
    public byte[] audioSpecificConfig() {
        return audioSpecificConfig.clone();
    }

    /** Samples per channel by which decoded output lags the input (FFmpeg's {@code initial_padding}): 1024. */
    public int primingSamples() {
        return primingSamples;
    }

    /** Samples per channel in one access unit: 1024 for AAC LC. */
    public int frameSamples() {
        return frameSamples;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        freeNative();
    }

    private void freeNative() {
        Libav.free(context, packet, frame);
    }

    private void requireOpen() {
        if (state == State.CLOSED) {
            throw closed();
        }
        if (state == State.FLUSHED) {
            throw new IllegalStateException("the AAC encoder was flushed; open a new one for more audio");
        }
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("the AAC encoder is closed");
    }

    /** {@code length} array elements of interleaved samples, {@code unitsPerSample} elements each, per channel. */
    private int samplesPerChannel(int length, int unitsPerSample) {
        int unit = channels * unitsPerSample;
        if (length <= 0 || length % unit != 0) {
            throw new IllegalArgumentException("a chunk must be a positive multiple of " + unit + " elements ("
                    + channels + " channel(s) of " + unitsPerSample + "-element samples), not " + length);
        }
        return length / unit;
    }

    /**
     * A sink's exception must not cut a chunk in half: the rest of the chunk would be lost and every later sample
     * shifted on the timeline. So the call finishes, and then the sink's first exception is thrown to the caller.
     */
    private void rethrowSinkFailure() {
        RuntimeException failure = sinkFailure;
        if (failure != null) {
            sinkFailure = null;
            throw failure;
        }
    }

    private void fillGap(long samples) {
        long remaining = samples;
        while (remaining > 0) {
            remaining -= pending.takeSilence(remaining);
            sendIfFull();
        }
    }

    private void sendIfFull() {
        if (!pending.full()) {
            return;
        }
        check(av_frame_make_writable(frame), "av_frame_make_writable");
        for (int c = 0; c < channels; c++) {
            planeWindow.at(planes[c].read(), frameSamples).put(pending.plane(c), 0, frameSamples);
        }
        pending.clear();
        frame.pts(framesSent * frameSamples);
        framesSent++;
        send(frame);
    }

    /** Sends a frame (null: end of stream) and hands every packet it completes to the sink. */
    private void send(AVFrame input) {
        check(avcodec_send_frame(context, input), "avcodec_send_frame");
        while (true) {
            int received = avcodec_receive_packet(context, packet);
            if (received == Libav.AGAIN || received == AVERROR_EOF) {
                return;
            }
            check(received, "avcodec_receive_packet");
            int size = packet.size();
            long pts = timeline.anchor() + packet.pts();
            if (size > out.length) {
                out = new byte[size];
            }
            packetWindow.at(packetBytes.read(), size).get(out, 0, size);
            av_packet_unref(packet);
            try {
                sink.accept(out, 0, size, pts);
            } catch (RuntimeException e) {
                if (sinkFailure == null) {
                    sinkFailure = e;
                } else {
                    sinkFailure.addSuppressed(e);
                }
            }
        }
    }

    private static void check(int result, String call) {
        if (result < 0) {
            throw new IllegalStateException(call + " failed: FFmpeg error " + result);
        }
    }
}
