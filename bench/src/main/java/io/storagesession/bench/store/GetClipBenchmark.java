package io.storagesession.bench.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetClipResponse;

/**
 * One GetClip of 60 s at 1 Mbit/s, end to end: the AWS SDK v2 client asks the media store (as the server mounts it,
 * over loopback HTTP) for the clip of a stored {@link SyntheticRecording} of 30 fragments of 2 s, and reads the whole
 * MP4 body. The server side reads 30 fragments from their segment file (the page cache, after the first call), packages
 * them ({@link ClipBenchmark} measures that part alone) and streams them under back-pressure; the client side signs,
 * sends and reads. Both run in this process on the same 2 cores, so the score is an upper bound of the server's own
 * cost. The score is clips per second (its inverse the time per clip); {@code bytes} is the MP4 bytes read per
 * second (the counter {@link ClipBenchmark} reports too).
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main GetClipBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
public class GetClipBenchmark {
    private static final String STREAM = "bench-clip";
    private static final int FRAGMENTS = 30;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /**
     * KVS allows one GetClip per second and stream (media-store.clip.calls-per-second-per-stream); the benchmark asks
     * back to back, so the quota is lifted for it.
     */
    private static final String UNTHROTTLED = "1000000";

    private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
    private InProcessStore store;
    private Instant start;
    private Instant end;

    @Setup(Level.Trial)
    public void start() throws Exception {
        store = new InProcessStore(STREAM, Map.of("media-store.clip.calls-per-second-per-stream", UNTHROTTLED));
        List<List<SyntheticRecording.Frame>> recording = SyntheticRecording.fragments(FRAGMENTS);
        store.upload(SyntheticRecording.mkv(recording), SyntheticRecording.T0, FRAGMENTS);
        start = Instant.ofEpochMilli(SyntheticRecording.T0);
        end = Instant.ofEpochMilli(SyntheticRecording.T0 + FRAGMENTS * SyntheticRecording.FRAGMENT_MILLIS);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        store.close();
    }

    @Benchmark
    public long getClip(ClipBenchmark.Output output) throws IOException {
        long read = 0;
        try (ResponseInputStream<GetClipResponse> clip = store.client().getClip(b -> b.streamName(STREAM)
                .clipFragmentSelector(s -> s.fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(r -> r.startTimestamp(start).endTimestamp(end))))) {
            InputStream in = clip;
            for (int n = in.read(readBuffer); n >= 0; n = in.read(readBuffer)) {
                read += n;
            }
        }
        output.bytes += read;
        return read;
    }
}
