package io.storagesession.bench.store;

import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.InitSegmentWriter;
import io.storagesession.mediastore.fmp4.MediaSegmentWriter;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packaging one HLS media segment, the work behind each {@code getMP4MediaFragment.mp4} request once the fragment is
 * read: a 3 s fragment of a 1 Mbps session (90 H.264 frames, a 40 kB keyframe and P-frames of about 3.7 kB; 150 Opus
 * frames of 80 B) into moof + mdat with the hls package's writer, into a reused buffer. Segments/s per core is the
 * inverse of the score.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main HlsSegmentBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class HlsSegmentBenchmark {
    private static final long T0 = 1_763_800_000_000L;
    private static final int VIDEO_FRAMES = 90;
    private static final int KEYFRAME_BYTES = 40_000;
    private static final int DELTA_BYTES = 3_700;
    private static final int AUDIO_FRAMES = 150;
    private static final int OPUS_BYTES = 80;
    private static final long FRAGMENT_MILLIS = 3_000;
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 9, 0x67, 0x42,
        (byte) 0xC0, 0x1F, (byte) 0xDA, 0x01, 0x40, 0x16, (byte) 0xE8, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    private static final byte[] OPUS_HEAD = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 1, 0x38, 1, (byte) 0x80,
        (byte) 0xBB, 0, 0, 0, 0, 0};

    private final MediaSegmentWriter writer = new MediaSegmentWriter(33);
    private final Mp4Buffer out = new Mp4Buffer(1 << 20);
    private List<ArchivedTrack> tracks;
    private ArchivedFragment fragment;

    @Setup
    public void fragment() {
        Random random = new Random(1);
        tracks = List.of(ArchivedTrack.h264(1, AVCC, 640, 360), ArchivedTrack.opus(2, OPUS_HEAD));
        List<ArchivedFrame> frames = new ArrayList<>();
        int audio = 0;
        for (int v = 0; v < VIDEO_FRAMES; v++) {
            long videoTime = T0 + v * FRAGMENT_MILLIS / VIDEO_FRAMES;
            while (audio < AUDIO_FRAMES && T0 + audio * FRAGMENT_MILLIS / AUDIO_FRAMES <= videoTime) {
                frames.add(new ArchivedFrame(2, T0 + audio * FRAGMENT_MILLIS / AUDIO_FRAMES, true, opus(random)));
                audio++;
            }
            frames.add(new ArchivedFrame(1, videoTime, v == 0, h264(random, v == 0 ? KEYFRAME_BYTES : DELTA_BYTES)));
        }
        fragment = new ArchivedFragment(new ArchivedFragmentInfo("1", T0, T0,
                FRAGMENT_MILLIS, 0, 0, 0), frames);
    }

    @Benchmark
    public int mediaSegment() {
        out.reset();
        writer.write(out, tracks, fragment, 0, 1);
        return out.length();
    }

    @Benchmark
    public int initSegment() {
        out.reset();
        InitSegmentWriter.write(out, tracks);
        return out.length();
    }

    private static byte[] h264(Random random, int bytes) {
        byte[] frame = new byte[bytes];
        random.nextBytes(frame);
        int nal = bytes - Integer.BYTES;
        frame[0] = (byte) (nal >>> 24);
        frame[1] = (byte) (nal >>> 16);
        frame[2] = (byte) (nal >>> 8);
        frame[3] = (byte) nal;
        return frame;
    }

    private static byte[] opus(Random random) {
        byte[] frame = new byte[OPUS_BYTES];
        random.nextBytes(frame);
        frame[0] = (byte) 0x78;
        return frame;
    }
}
