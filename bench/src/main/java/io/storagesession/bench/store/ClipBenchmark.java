package io.storagesession.bench.store;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.mediastore.clip.ClipWriter;
import io.storagesession.mediastore.hls.HlsFragment;
import io.storagesession.mediastore.hls.HlsFragmentInfo;
import io.storagesession.mediastore.hls.HlsFrame;
import io.storagesession.mediastore.hls.HlsTrack;
import io.storagesession.mediastore.hls.Mp4Buffer;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packaging one GetClip response, the work the event loop does per clip once its fragments are read: 60 s of a
 * 1 Mbit/s stream — 30 fragments of 2 s, each 50 H.264 frames (a 40 kB keyframe, then about 4.2 kB each; 250 kB a
 * fragment) and 94 AAC frames of 256 B — checked and written by {@link ClipWriter} as one init segment and 30
 * moof + mdat, each fragment into the event loop's reused buffer and then copied out as the response's chunk is (the
 * copy a {@code Buffer} of the response makes). The score is clips per second; {@code bytes} is the MP4 bytes per
 * second that makes.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main ClipBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ClipBenchmark {
    private static final long T0 = 1_763_800_000_000L;
    private static final int FRAGMENTS = 30;
    private static final long FRAGMENT_MILLIS = 2_000;
    private static final int VIDEO_FRAMES = 50;
    private static final int KEYFRAME_BYTES = 40_000;
    private static final int DELTA_BYTES = 4_200;
    private static final int AUDIO_FRAMES = 94;
    private static final int AAC_BYTES = 256;
    private static final int SAMPLE_RATE = 48_000;
    private static final int CHANNELS = 2;
    private static final int NAL_IDR = 0x65;
    private static final int NAL_NON_IDR = 0x41;
    /** A raw AAC frame's first byte: a channel pair element (id 1), never an ADTS sync word. */
    private static final int AAC_CPE = 0x21;
    private static final long FALLBACK_FRAME_MILLIS = 33;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 9, 0x67, 0x42,
        (byte) 0xC0, 0x1F, (byte) 0xDA, 0x01, 0x40, 0x16, (byte) 0xE8, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    /** MP4 bytes written, reported per second next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Output {
        public long bytes;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
        }
    }

    private final Mp4Buffer out = new Mp4Buffer(BUFFER_BYTES);
    private List<HlsTrack> tracks;
    private List<HlsFragment> fragments;

    @Setup
    public void clip() {
        Random random = new Random(1);
        tracks = List.of(HlsTrack.h264(1, AVCC, 640, 360),
                HlsTrack.aac(2, AudioSpecificConfig.aacLc(SAMPLE_RATE, CHANNELS), SAMPLE_RATE, CHANNELS));
        fragments = new ArrayList<>(FRAGMENTS);
        for (int f = 0; f < FRAGMENTS; f++) {
            long start = T0 + f * FRAGMENT_MILLIS;
            List<HlsFrame> frames = new ArrayList<>();
            long size = 0;
            int audio = 0;
            for (int v = 0; v < VIDEO_FRAMES; v++) {
                long videoTime = start + v * FRAGMENT_MILLIS / VIDEO_FRAMES;
                while (audio < AUDIO_FRAMES && start + audio * FRAGMENT_MILLIS / AUDIO_FRAMES <= videoTime) {
                    byte[] aac = bytes(random, AAC_BYTES);
                    aac[0] = AAC_CPE;
                    frames.add(new HlsFrame(2, start + audio * FRAGMENT_MILLIS / AUDIO_FRAMES, true, aac));
                    size += AAC_BYTES;
                    audio++;
                }
                byte[] h264 = nal(random, v == 0 ? NAL_IDR : NAL_NON_IDR, v == 0 ? KEYFRAME_BYTES : DELTA_BYTES);
                frames.add(new HlsFrame(1, videoTime, v == 0, h264));
                size += h264.length;
            }
            String number = Long.toString(T0 + f);
            fragments.add(new HlsFragment(new HlsFragmentInfo(number, start, start,
                    FRAGMENT_MILLIS - FRAGMENT_MILLIS / VIDEO_FRAMES, size, f, 0), frames));
        }
    }

    @Benchmark
    public long writeClip(Output output) {
        ClipWriter writer = new ClipWriter(tracks, FALLBACK_FRAME_MILLIS);
        long checksum = 0;
        out.reset();
        writer.init(out);
        checksum += chunk(out, output);
        for (HlsFragment fragment : fragments) {
            out.reset();
            writer.fragment(out, fragment);
            checksum += chunk(out, output);
        }
        return checksum;
    }

    /** The copy the response's chunk makes of the buffer, as the server makes it. */
    private static long chunk(Mp4Buffer out, Output output) {
        Buffer chunk = Buffer.buffer(out.length()).appendBytes(out.array(), 0, out.length());
        output.bytes += chunk.length();
        return chunk.getByte(chunk.length() - 1);
    }

    private static byte[] nal(Random random, int header, int bytes) {
        byte[] frame = bytes(random, bytes);
        int nal = bytes - Integer.BYTES;
        frame[0] = (byte) (nal >>> 24);
        frame[1] = (byte) (nal >>> 16);
        frame[2] = (byte) (nal >>> 8);
        frame[3] = (byte) nal;
        frame[Integer.BYTES] = (byte) header;
        return frame;
    }

    private static byte[] bytes(Random random, int count) {
        byte[] b = new byte[count];
        random.nextBytes(b);
        return b;
    }
}
