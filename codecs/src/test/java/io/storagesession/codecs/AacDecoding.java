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
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Decodes raw AAC access units with FFmpeg's native {@code aac} decoder, configured only by the 2-byte
 * AudioSpecificConfig, as a Matroska reader would be: the independent half of the encoder's round trip. Test code, so
 * it allocates freely.
 */
public final class AacDecoding {
    private AacDecoding() {
    }

    /** Every sample decoded from {@code frames}, per channel, rounded to 16 bits. */
    public static short[][] decode(byte[] audioSpecificConfig, int channels, List<byte[]> frames) {
        Libav.load();
        AVCodecContext context = avcodec_alloc_context3(avcodec_find_decoder_by_name("aac"));
        BytePointer extradata = new BytePointer(av_mallocz(audioSpecificConfig.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extradata.put(audioSpecificConfig);
        context.extradata(extradata).extradata_size(audioSpecificConfig.length);
        int opened = avcodec_open2(context, context.codec(), (AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("aac decoder did not open: " + opened);
        }
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        short[][] out = new short[channels][0];
        int length = 0;
        try {
            for (byte[] data : frames) {
                BytePointer input = new BytePointer(av_malloc(data.length + AV_INPUT_BUFFER_PADDING_SIZE));
                input.put(data);
                input.position(data.length).put(new byte[AV_INPUT_BUFFER_PADDING_SIZE]).position(0);
                packet.data(input).size(data.length);
                check(avcodec_send_packet(context, packet), "send_packet");
                while (avcodec_receive_frame(context, frame) >= 0) {
                    if (frame.format() != AV_SAMPLE_FMT_FLTP || frame.ch_layout().nb_channels() != channels) {
                        throw new IllegalStateException("decoded format " + frame.format() + " with "
                                + frame.ch_layout().nb_channels() + " channels");
                    }
                    int n = frame.nb_samples();
                    for (int c = 0; c < channels; c++) {
                        out[c] = java.util.Arrays.copyOf(out[c], length + n);
                        FloatPointer plane = new FloatPointer(frame.data(c));
                        for (int i = 0; i < n; i++) {
                            float v = plane.get(i) * -(float) Short.MIN_VALUE;
                            out[c][length + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
                                    Math.round(v)));
                        }
                    }
                    length += n;
                    av_frame_unref(frame);
                }
                packet.data(null).size(0);
                org.bytedeco.ffmpeg.global.avutil.av_free(input);
            }
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(context);
        }
        return out;
    }

    private static void check(int result, String call) {
        if (result < 0) {
            throw new IllegalStateException(call + " failed: " + result);
        }
    }
}
