package io.storagesession.bench.media;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusDecoder;
import io.storagesession.codecs.OpusEncoder;
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
 * One talker's 20 ms packet through {@link OpusDecoder}, as the mixer decodes each talker of a mix: speech-like
 * audio encoded once the way browsers send it (libopus voip, 32 kbit/s, complexity 9, in-band FEC), every packet
 * arriving or one in ten lost and concealed. Decoding the talkers was most of a four-talker session's cost while it went through the
 * bundled libopus (~80 µs a packet); FFmpeg's own decoder takes about a quarter of that.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main OpusDecoderBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 3)
@Measurement(time = 4)
public class OpusDecoderBenchmark {
    private static final OpusEncoder.Settings BROWSER = new OpusEncoder.Settings(32_000, 9, true, 10, "voip");
    private static final int LOSS_EVERY = 10;

    private final short[] pcm = new short[Opus.MAX_PACKET_SAMPLES];
    private byte[][] packets;
    private OpusDecoder decoder;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        short[][] chunks = SpeechLikeSignal.chunks();
        packets = new byte[chunks.length][];
        byte[] out = new byte[Opus.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = new OpusEncoder(BROWSER)) {
            for (int i = 0; i < chunks.length; i++) {
                packets[i] = java.util.Arrays.copyOf(out, encoder.encode(chunks[i], out, 0));
            }
        }
        decoder = new OpusDecoder();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        decoder.close();
    }

    /** Every packet arrives. */
    @Benchmark
    public int decodePacket() {
        int i = advance();
        return decoder.decode(packets[i], 0, packets[i].length, pcm);
    }

    /** One packet in ten is lost and concealed (each loss searches the pitch again: the worst case, isolated losses). */
    @Benchmark
    public int decodeWithTenPercentLoss() {
        int i = advance();
        return i % LOSS_EVERY == LOSS_EVERY - 1 ? decoder.conceal(pcm)
                : decoder.decode(packets[i], 0, packets[i].length, pcm);
    }

    private int advance() {
        int i = next;
        next = next + 1 == packets.length ? 0 : next + 1;
        return i;
    }
}
