package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
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
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;
import org.junit.jupiter.api.Test;

/**
 * RTP Opus is always signalled as two channels (RFC 7587 §7) and a sender may really send stereo: the decoder, opened
 * mono for the mixer, must turn a stereo packet into the mono sum of its channels, not into one channel or noise.
 * The stereo packets come from libopus itself, a tone on the left and another on the right.
 */
class OpusStereoInputTest {
    private static final int STEREO = 2;

    @Test
    void aStereoStreamDecodesToBothChannelsInMono() {
        AVCodecContext context = avcodec_alloc_context3(avcodec_find_encoder_by_name("libopus"));
        context.sample_rate(Opus.SAMPLE_RATE);
        context.sample_fmt(AV_SAMPLE_FMT_S16);
        av_channel_layout_default(context.ch_layout(), STEREO);
        context.bit_rate(96_000);
        assertThat(avcodec_open2(context, context.codec(), (AVDictionary) null)).isZero();
        AVFrame frame = av_frame_alloc();
        frame.nb_samples(Opus.FRAME_SAMPLES);
        frame.format(AV_SAMPLE_FMT_S16);
        frame.sample_rate(Opus.SAMPLE_RATE);
        av_channel_layout_default(frame.ch_layout(), STEREO);
        av_frame_get_buffer(frame, 0);
        AVPacket packet = av_packet_alloc();
        short[] left = new short[Opus.FRAME_SAMPLES];
        short[] right = new short[Opus.FRAME_SAMPLES];
        short[] interleaved = new short[Opus.FRAME_SAMPLES * STEREO];
        short[] out = new short[Opus.FRAME_SAMPLES];
        try (OpusDecoder decoder = new OpusDecoder()) {
            for (int i = 0; i < 30; i++) {
                Tone.fill(left, 300, 8_000, (long) i * Opus.FRAME_SAMPLES);
                Tone.fill(right, 1_100, 8_000, (long) i * Opus.FRAME_SAMPLES);
                for (int s = 0; s < Opus.FRAME_SAMPLES; s++) {
                    interleaved[STEREO * s] = left[s];
                    interleaved[STEREO * s + 1] = right[s];
                }
                new ShortPointer(frame.data(0)).put(interleaved, 0, interleaved.length);
                frame.pts((long) i * Opus.FRAME_SAMPLES);
                assertThat(avcodec_send_frame(context, frame)).isZero();
                if (avcodec_receive_packet(context, packet) < 0) {
                    continue;
                }
                byte[] bytes = new byte[packet.size()];
                new BytePointer(packet.data()).get(bytes, 0, bytes.length);
                av_packet_unref(packet);
                assertThat(bytes[0] & 0x04).as("a stereo packet (TOC s bit, RFC 6716 §3.1)").isNotZero();
                assertThat(decoder.decode(bytes, 0, bytes.length, out)).isEqualTo(Opus.FRAME_SAMPLES);
            }
            // both tones are in the mono output, each about half of its channel's level
            double all = Tone.total(out, 0, Opus.FRAME_SAMPLES);
            assertThat(Math.sqrt(all)).isGreaterThan(2_000);
            assertThat(Tone.strongest(out, 0, Opus.FRAME_SAMPLES, 300, 700)).isEqualTo(300);
            assertThat(Tone.strongest(out, 0, Opus.FRAME_SAMPLES, 1_100, 700)).isEqualTo(1_100);
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(context);
        }
    }
}
