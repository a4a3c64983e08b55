package io.storagesession.bench.store;

import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.clip.ClipWriter;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
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
 * 1 Mbit/s stream ({@link SyntheticRecording}: 30 fragments of 2 s, H.264 and AAC) checked and written by
 * {@link ClipWriter} as one init segment and 30 moof + mdat, each fragment into the event loop's reused buffer and
 * then copied out as the response's chunk is (the copy a {@code Buffer} of the response makes). The score is clips per
 * second; {@code bytes} is the MP4 bytes per second that makes. {@link GetClipBenchmark} measures the whole call.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main ClipBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ClipBenchmark {
    private static final int FRAGMENTS = 30;
    private static final long FALLBACK_FRAME_MILLIS = 33;
    private static final int BUFFER_BYTES = 1 << 20;

    /** MP4 bytes made, reported per second next to the score (by {@link GetClipBenchmark} too). */
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
    private List<ArchivedTrack> tracks;
    private List<ArchivedFragment> fragments;

    @Setup
    public void clip() {
        tracks = List.of(ArchivedTrack.h264(SyntheticRecording.VIDEO_TRACK, SyntheticRecording.AVCC,
                        SyntheticRecording.WIDTH, SyntheticRecording.HEIGHT),
                ArchivedTrack.aac(SyntheticRecording.AUDIO_TRACK, SyntheticRecording.audioSpecificConfig(),
                        SyntheticRecording.SAMPLE_RATE, SyntheticRecording.CHANNELS));
        List<List<SyntheticRecording.Frame>> recording = SyntheticRecording.fragments(FRAGMENTS);
        fragments = new ArrayList<>(FRAGMENTS);
        for (int f = 0; f < FRAGMENTS; f++) {
            List<ArchivedFrame> frames = new ArrayList<>();
            long size = 0;
            for (SyntheticRecording.Frame frame : recording.get(f)) {
                frames.add(new ArchivedFrame(frame.track(), frame.timeMillis(), frame.key(), frame.data()));
                size += frame.data().length;
            }
            long start = frames.get(0).timecodeMillis();
            long length = frames.get(frames.size() - 1).timecodeMillis() - start;
            ArchivedFragmentInfo info = new ArchivedFragmentInfo(Long.toString(start), start, start, length, size, f,
                    0);
            fragments.add(new ArchivedFragment(info, frames));
        }
    }

    @Benchmark
    public long writeClip(Output output) {
        ClipWriter writer = new ClipWriter(tracks, FALLBACK_FRAME_MILLIS);
        long checksum = 0;
        out.reset();
        writer.init(out);
        checksum += chunk(out, output);
        for (ArchivedFragment fragment : fragments) {
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
}
