package io.storagesession.bench.media;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.storagesession.codecs.AacEncoder;
import io.storagesession.codecs.AacFrameSink;
import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.Opus;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recorder's AAC cost: one 20 ms chunk of the 48 kHz mono mix through {@link AacEncoder} (conversion to float,
 * re-framing to 1024 samples and FFmpeg's native AAC encoder, which runs on 15 of every 16 chunks). µs per op
 * / 20 000 µs is the share of one core one recording costs; {@code -prof gc} must show 0 B/op. Compare with
 * {@link OpusEncoderBenchmark}, the mixer's per-listener encode.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main AacEncoderBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 3)
@Measurement(time = 4)
public class AacEncoderBenchmark {
    /** codecs.aac.bit-rate: the reference default (others with {@code -p bitRate=32000}). */
    @Param({"64000"})
    public int bitRate;

    /** codecs.aac.coder: FFmpeg's default search, and the cheaper one. */
    @Param({"twoloop", "fast"})
    public String coder;

    private final short[][] chunks = SpeechLikeSignal.chunks();
    private AacEncoder encoder;
    private long bytes;
    private int chunk;
    private long pts;

    @Setup(Level.Trial)
    public void setUp() {
        AacSettings settings = AacSettings.from(ConfigFactory.defaultReference()
                .withValue("codecs.aac.bit-rate", ConfigValueFactory.fromAnyRef(bitRate))
                .withValue("codecs.aac.coder", ConfigValueFactory.fromAnyRef(coder)));
        AacFrameSink counting = (frame, offset, length, ptsSamples) -> bytes += length;
        encoder = new AacEncoder(settings, counting);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
    }

    @Benchmark
    public long encodeChunk() {
        encoder.encode(chunks[chunk], 0, Opus.FRAME_SAMPLES, pts);
        pts += Opus.FRAME_SAMPLES;
        chunk = chunk + 1 == chunks.length ? 0 : chunk + 1;
        return bytes;
    }
}
