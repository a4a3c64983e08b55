package io.storagesession.bench.media;

import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.OpusEncoder;
import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.Packetizer;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.media.MixReader;
import io.storagesession.metrics.CounterExport;
import io.storagesession.recorder.FragmentSink;
import io.storagesession.recorder.RecordedAudio;
import io.storagesession.recorder.Recorder;
import io.storagesession.recorder.RecorderSettings;
import io.storagesession.recorder.putmedia.FragmentBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A session's recorder over {@value #SECONDS} s of media: the master's 640x360 OpenH264 video at 30 frames/s and
 * about 500 kbps as RTP (a keyframe a second), its video sender reports, the full mix as one Opus frame every 20 ms and
 * the 20 ms ticks — everything up to complete fragments handed to a sink that only counts (the PutMedia copy and I/O are
 * not the recorder's). Scripted once; each operation replays the script into a new recorder, so the score divided by
 * {@value #SECONDS} s is the share of one core a recorded session costs.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main RecorderBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class RecorderBenchmark {
    static final int SECONDS = 10;
    private static final int FPS = 30;
    private static final int SAMPLES = 960;
    private static final long T0 = 1_763_800_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** The recording's audio track: the mix's Opus frames passed through, or AAC encoded from its PCM. */
    @Param({"OPUS", "AAC"})
    public String audio;

    private record Event(int kind, long nanoTime, long ntp, int value, byte[] bytes, short[] pcm) {
    }

    private final List<Event> script = new ArrayList<>();
    /** The master stream's clock, as the SFU lends it: one instance, updated in place. */
    private final SenderReportClock reports = new SenderReportClock(90_000);
    private final FragmentSink sink = new FragmentSink() {
        @Override
        public void streamHeader(byte[] header, int off, int len) {
        }

        @Override
        public void fragment(FragmentBytes bytes, long clusterTimecode) {
            fragments++;
        }

        @Override
        public void end() {
        }
    };
    private long fragments;

    @Setup(Level.Trial)
    public void script() {
        Packetizer packetizer = new Packetizer(new Random(3), 1200, 1);
        short[] pcm = new short[SAMPLES];
        byte[] opus = new byte[1500];
        try (LiveH264 video = new LiveH264(640, 360, RealH264.CONSTRAINED_BASELINE, FPS);
             OpusEncoder encoder = new OpusEncoder(new OpusEncoder.Settings(32_000, 5, false, 0, "audio"))) {
            int frame = 0;
            for (long t = 0; t < SECONDS * 1000L; t++) {
                long nanos = t * NANOS_PER_MILLI;
                if (t % 1000 == 0) {
                    script.add(new Event(0, Packetizer.SSRC, ntp(T0 + t), (int) (t * 90), null, null));
                }
                if (frame * 1000L / FPS <= t) {
                    for (byte[] p : packetizer.packetize(video.next(false).nalUnits(), frame * (90_000 / FPS))) {
                        script.add(new Event(1, nanos, 0, 0, p, null));
                    }
                    frame++;
                }
                if (t % 20 == 0) {
                    for (int i = 0; i < SAMPLES; i++) {
                        pcm[i] = (short) (6000 * Math.sin(2 * Math.PI * 440 * ((t / 20) * SAMPLES + i) / 48_000.0));
                    }
                    int len = encoder.encode(pcm, opus, 0);
                    script.add(new Event(2, nanos, ntp(T0 + t), 0, Arrays.copyOf(opus, len), pcm.clone()));
                    script.add(new Event(3, nanos, 0, 0, null, null));
                }
            }
        }
    }

    @Benchmark
    public long recordTenSeconds() {
        Recorder recorder = new Recorder(RecorderSettings.defaults(), RecordedAudio.of(RecorderSettings.AudioCodec
                .valueOf(audio), AacSettings.defaults()), () -> sink, () -> { }, CounterExport.NONE);
        recorder.masterConnected(null);
        for (Event e : script) {
            switch (e.kind()) {
                case 0 -> {
                    reports.update((int) e.nanoTime(), e.ntp(), e.value(), 0);
                    recorder.masterSenderReport(reports);
                }
                case 1 -> recorder.masterVideo(e.bytes(), 0, e.bytes().length, e.nanoTime());
                case 2 -> recorder.mixed(e.nanoTime(), e.ntp(), MixReader.NO_TIMESTAMP, e.pcm(), e.bytes(), 0,
                        e.bytes().length);
                default -> recorder.tick(e.nanoTime());
            }
        }
        recorder.close();
        return fragments;
    }

    private static long ntp(long epochMillis) {
        long seconds = epochMillis / 1000 + SenderReportClock.NTP_TO_UNIX_SECONDS;
        return seconds << 32 | ((epochMillis % 1000L) << 32) / 1000 + 1;
    }
}
