package io.storagesession.bench.media;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusEncoder;
import io.storagesession.codecs.rtp.AudioLevelExtension;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.Direction;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MediaOut;
import io.storagesession.media.OfferCodecs;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.RtpParameters;
import io.storagesession.mixer.AudioMixer;
import io.storagesession.mixer.AudioSettings;
import java.util.List;
import java.util.Map;
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
 * One 20 ms tick of a storage session's audio: the master and three sendrecv viewers, each delivering one Opus packet
 * per tick with its RFC 6464 level, then the mixer's tick, sending to sinks that only count. With one talker the
 * others send silence-level packets (not decoded) and the talker is forwarded; with four, four distinct mixes are
 * encoded. Budget: µs per op / 20 000 µs ≤ 1.5 % of a core for one talker, ≤ 4 % for four; 0 B/op.
 *
 * <pre>java -cp bench/target/bench.jar org.openjdk.jmh.Main AudioMixerBenchmark -prof gc -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(time = 3)
@Measurement(time = 4)
public class AudioMixerBenchmark {
    private static final int PARTICIPANTS = 4;
    /** One second of pre-encoded speech-like tones per participant, replayed with fresh sequence numbers. */
    private static final int FRAMES = 50;
    private static final double[] TONES = {210, 330, 470, 620};
    private static final int AMPLITUDE = 6_000;
    private static final int LOUD = 30;
    private static final int SILENT = 127;
    private static final int HEADER = Rtp.FIXED_HEADER;
    private static final int EXTENSION = AudioLevelExtension.BYTES;
    private static final long TICK_NANOS = 20_000_000L;

    @Param({"1", "4"})
    public int talkers;

    /** mixer.audio.encoder.complexity: the reference default, and cheaper settings to compare. */
    @Param({"5", "2", "0"})
    public int complexity;

    /** mixer.audio.encoder.inband-fec: FEC makes SILK encode each frame twice over (RFC 6716 §2.1.7). */
    @Param({"true"})
    public boolean fec;

    /** mixer.audio.encoder.application: voip (SILK/hybrid for speech) or lowdelay (CELT only). */
    @Param({"voip"})
    public String application;

    private AudioMixer mixer;
    private final ParticipantId[] ids = {ParticipantId.MASTER, ParticipantId.viewer("v1"), ParticipantId.viewer("v2"),
            ParticipantId.viewer("v3")};
    private final byte[][][] packets = new byte[PARTICIPANTS][FRAMES][];
    private int frame;
    private int sequence;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        mixer = new AudioMixer(AudioSettings.from(ConfigFactory.defaultReference()
                .withValue("mixer.audio.encoder.complexity", ConfigValueFactory.fromAnyRef(complexity))
                .withValue("mixer.audio.encoder.inband-fec", ConfigValueFactory.fromAnyRef(fec))
                .withValue("mixer.audio.encoder.application", ConfigValueFactory.fromAnyRef(application))));
        OpusEncoder.Settings browser = new OpusEncoder.Settings(32_000, 9, true, 10, "voip");
        for (int p = 0; p < PARTICIPANTS; p++) {
            mixer.connected(ids[p], new CountingOut(0x2000 + p));
            boolean talks = p < talkers;
            try (OpusEncoder encoder = new OpusEncoder(browser)) {
                short[] pcm = new short[Opus.FRAME_SAMPLES];
                byte[] opus = new byte[Opus.MAX_PACKET_BYTES];
                for (int f = 0; f < FRAMES; f++) {
                    for (int i = 0; i < pcm.length; i++) {
                        double t = (double) (f * Opus.FRAME_SAMPLES + i) / Opus.SAMPLE_RATE;
                        // a voiced-speech-like signal: a fundamental and two harmonics, slowly modulated
                        double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t);
                        double s = Math.sin(2 * Math.PI * TONES[p] * t) + 0.5 * Math.sin(4 * Math.PI * TONES[p] * t)
                                + 0.25 * Math.sin(6 * Math.PI * TONES[p] * t);
                        pcm[i] = talks ? (short) (AMPLITUDE * envelope * s / 1.75) : 0;
                    }
                    int len = encoder.encode(pcm, opus, 0);
                    byte[] packet = new byte[HEADER + EXTENSION + len];
                    packet[0] = (byte) 0x90;
                    packet[1] = (byte) OfferCodecs.OPUS_PAYLOAD_TYPE;
                    Bytes.writeInt(packet, 8, 0x3000 + p);
                    AudioLevelExtension.append(packet, 0, OfferCodecs.AUDIO_LEVEL.id(), talks, talks ? LOUD : SILENT);
                    System.arraycopy(opus, 0, packet, HEADER + EXTENSION, len);
                    packets[p][f] = packet;
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mixer.close();
    }

    @Benchmark
    public void tick() {
        int f = frame;
        for (int p = 0; p < PARTICIPANTS; p++) {
            byte[] packet = packets[p][f];
            Bytes.writeShort(packet, 2, sequence);
            Bytes.writeInt(packet, 4, sequence * Opus.FRAME_SAMPLES);
            mixer.rtp(ids[p], MediaKind.AUDIO, packet, 0, packet.length);
        }
        sequence = (sequence + 1) & 0xFFFF;
        frame = f + 1 == FRAMES ? 0 : f + 1;
        now += TICK_NANOS;
        mixer.tick(now);
    }

    /** A participant's way back that only counts what it is given. */
    private static final class CountingOut implements MediaOut {
        private final int ssrc;
        private final RtpParameters audio;
        long packets;
        long bytes;

        CountingOut(int ssrc) {
            this.ssrc = ssrc;
            this.audio = new RtpParameters(Direction.SENDRECV, List.of(OfferCodecs.OPUS_PAYLOAD_TYPE), Map.of(),
                    List.of(), Map.of(OfferCodecs.AUDIO_LEVEL.uri(), OfferCodecs.AUDIO_LEVEL.id()));
        }

        @Override
        public boolean sendRtp(MediaKind kind, byte[] buf, int off, int len) {
            packets++;
            bytes += len;
            return true;
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return true;
        }

        @Override
        public int audioSsrc() {
            return ssrc;
        }

        @Override
        public int videoSsrc() {
            return ssrc + 1;
        }

        @Override
        public RtpParameters videoParameters() {
            return audio;
        }

        @Override
        public RtpParameters audioParameters() {
            return audio;
        }
    }
}
