package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_CAREFUL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/**
 * The judge is a real decoder: OpenH264's stream, packetized, lost in part on the way, through the receive path, then
 * into FFmpeg's H.264 decoder the way a Matroska player feeds it (avcC as extradata, length-prefixed access units).
 * Every access unit emitted must decode into a whole picture of the stream's size, never a concealed one.
 */
class RealStreamDecodeTest {
    private static final int FRAME_TICKS = 3000;
    private static final long MILLI = 1_000_000L;
    /** libavutil/frame.h AV_FRAME_FLAG_CORRUPT, which the bindings do not export: the picture has errors. */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;

    @Test
    void everyEmittedAccessUnitDecodesCleanly() {
        List<RealH264.Frame> frames = RealH264.encode(640, 360, RealH264.HIGH, 90, 20);
        Random random = new Random(6184);
        Packetizer packetizer = new Packetizer(random, 1200, 65_000);
        List<byte[]> packets = new ArrayList<>();
        List<Integer> frameOf = new ArrayList<>();
        List<Integer> firstPacket = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            firstPacket.add(packets.size());
            List<byte[]> p = packetizer.packetize(frames.get(i).nalUnits(), i * FRAME_TICKS);
            packets.addAll(p);
            for (int k = 0; k < p.size(); k++) {
                frameOf.add(i);
            }
        }
        assertThat(frames.get(5).key()).isFalse();
        assertThat(firstPacket.get(6) - firstPacket.get(5)).as("packets of picture 5").isGreaterThan(1);
        List<byte[]> units = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        H264Receiver receiver = new H264Receiver(H264Settings.defaults(), (unit, config, changed) -> {
            if (changed) {
                records.add(config.record());
            }
            assertThat(config.sps().width()).isEqualTo(640);
            assertThat(config.sps().height()).isEqualTo(360);
            byte[] copy = new byte[unit.length()];
            System.arraycopy(unit.data(), 0, copy, 0, copy.length);
            units.add(copy);
        });
        // lose one packet inside P picture 5, and the first packet of the second keyframe
        int secondKey = keyAfter(frames, 1);
        List<Integer> lostFrames = List.of(5, secondKey);
        long now = 0;
        for (int i = 0; i < packets.size(); i++) {
            now += MILLI;
            boolean lose = frameOf.get(i) == 5 && i == firstPacket.get(5) + 1 || i == firstPacket.get(secondKey);
            if (!lose) {
                receiver.receive(packets.get(i), 0, packets.get(i).length, now);
            }
        }
        receiver.poll(now + 1_000 * MILLI);

        int expected = 0;
        for (int i = 0; i < frames.size(); i++) {
            boolean dropped = false;
            for (int lost : lostFrames) {
                dropped |= i >= lost && i < keyAfter(frames, lost);
            }
            expected += dropped ? 0 : 1;
        }
        assertThat(units).as("all but the pictures from each loss to the next keyframe").hasSize(expected);
        assertThat(expected).isLessThan(frames.size() - 10);
        assertThat(records).hasSize(1);
        assertThat(decode(records.get(0), units, true)).isEqualTo(units.size());
    }

    /**
     * The judge can tell a damaged picture: cut picture 3's slice in half and the decoder reports it. (It does not
     * notice a picture left out altogether: FFmpeg fills a frame_num gap silently, which is why the property tests,
     * not the decoder, prove that nothing after a loss is emitted before a keyframe.)
     */
    @Test
    void theDecoderNoticesADamagedPicture() {
        List<RealH264.Frame> frames = RealH264.encode(640, 360, RealH264.HIGH, 6, 30);
        AvcConfig config = new AvcConfig(new H264Counters());
        List<byte[]> units = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            List<byte[]> nals = new ArrayList<>(frames.get(i).nalUnits());
            nals.forEach(nal -> config.accept(nal, 0, nal.length));
            if (i == 3) {
                byte[] slice = nals.get(nals.size() - 1);
                nals.set(nals.size() - 1, java.util.Arrays.copyOf(slice, slice.length / 2));
            }
            units.add(Packetizer.avcc(nals));
        }
        assertThat(decode(config.record(), units.subList(0, 3), true)).isEqualTo(3);
        assertThat(decode(config.record(), units, false)).isLessThan(units.size());
    }

    /** The index of the first keyframe after frame {@code from}, or the frame count. */
    private static int keyAfter(List<RealH264.Frame> frames, int from) {
        for (int i = from + 1; i < frames.size(); i++) {
            if (frames.get(i).key()) {
                return i;
            }
        }
        return frames.size();
    }

    /**
     * Decodes the access units with FFmpeg's native H.264 decoder; returns the clean 640x360 pictures it made. When
     * strict, a damaged picture fails the test at once.
     */
    private static int decode(byte[] avcC, List<byte[]> units, boolean strict) {
        RealH264.encode(16, 16, RealH264.CONSTRAINED_BASELINE, 1, 1); // loads the natives
        AVCodecContext ctx = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_H264));
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        int pictures = 0;
        try {
            BytePointer extradata = new BytePointer(av_mallocz(avcC.length + AV_INPUT_BUFFER_PADDING_SIZE));
            extradata.put(avcC);
            ctx.extradata(extradata);
            ctx.extradata_size(avcC.length);
            ctx.err_recognition(AV_EF_EXPLODE | AV_EF_CAREFUL); // errors, a missing reference included, are returned
            assertThat(avcodec_open2(ctx, ctx.codec(), (AVDictionary) null)).isZero();
            for (byte[] unit : units) {
                assertThat(av_new_packet(packet, unit.length)).isZero();
                packet.data().put(unit);
                int sent = avcodec_send_packet(ctx, packet);
                av_packet_unref(packet);
                if (strict) {
                    assertThat(sent).as("decoding an emitted access unit").isZero();
                }
                pictures += drain(ctx, frame, strict);
            }
            avcodec_send_packet(ctx, null);
            pictures += drain(ctx, frame, strict);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(ctx);
        }
        return pictures;
    }

    private static int drain(AVCodecContext ctx, AVFrame frame, boolean strict) {
        int n = 0;
        while (avcodec_receive_frame(ctx, frame) >= 0) {
            assertThat(frame.width()).isEqualTo(640);
            assertThat(frame.height()).isEqualTo(360);
            boolean clean = (frame.flags() & AV_FRAME_FLAG_CORRUPT) == 0 && frame.decode_error_flags() == 0;
            if (strict) {
                assertThat(clean).as("a picture with errors or concealment").isTrue();
            }
            n += clean ? 1 : 0;
            av_frame_unref(frame);
        }
        return n;
    }
}
