package io.storagesession.bench.media;

import com.typesafe.config.ConfigFactory;
import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusEncoder;
import io.storagesession.mixer.AudioSettings;
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

/**
 * One 20 ms chunk of the same speech-like mix through {@link OpusEncoder} with the mixer's reference settings
 * ({@code mixer.audio.encoder}): the yardstick for {@link AacEncoderBenchmark}.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main OpusEncoderBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 3)
@Measurement(time = 4)
public class OpusEncoderBenchmark {
    private final short[][] chunks = SpeechLikeSignal.chunks();
    private final byte[] packet = new byte[Opus.MAX_PACKET_BYTES];
    private OpusEncoder encoder;
    private int chunk;

    @Setup(Level.Trial)
    public void setUp() {
        encoder = new OpusEncoder(AudioSettings.from(ConfigFactory.defaultReference()).encoder());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
    }

    @Benchmark
    public int encodeChunk() {
        int length = encoder.encode(chunks[chunk], packet, 0);
        chunk = chunk + 1 == chunks.length ? 0 : chunk + 1;
        return length;
    }
}
