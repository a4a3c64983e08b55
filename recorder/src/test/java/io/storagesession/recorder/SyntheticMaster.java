package io.storagesession.recorder;

import io.storagesession.codecs.OpusEncoder;
import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.Tone;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.Packetizer;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.media.Direction;
import io.storagesession.metrics.CounterExport;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Plays a master and the mixer for a {@link Recorder}, on a simulated clock in 1 ms steps: real OpenH264 video at
 * 30 frames/s packetized per RFC 6184 (answering keyframe requests after a delay, as libwebrtc answers a PLI), the
 * master's own audio as RTP packets of real Opus every 20 ms, video sender reports every second, and the full mix
 * handed over {@code audioLagMillis} after its media time (the mixer's jitter buffer) with the master's RTP timestamp
 * and NTP time of the frame it played. Media time 0 is {@link #T0} ms since the Unix epoch, on the master's NTP clock
 * and, through {@link #EPOCH_AT_NANO_ZERO}, on the server's clock at arrival, so every frame's expected timecode is
 * known exactly. Knobs make the master's RTCP as real stacks do: late, absent, or with audio and video clocks apart.
 */
final class SyntheticMaster implements AutoCloseable {
    /** What the synthetic master drives: a {@link Recorder}, or a script to replay into one. */
    interface Target {
        void senderReport(int ssrc, long ntp, int rtpTimestamp);

        void video(byte[] packet, long nanoTime);

        /** A master audio RTP packet (plain, as the media plane hands it over). */
        void audio(byte[] packet, long nanoTime);

        void mixed(long nanoTime, long ntp, long masterTimestamp, short[] pcm, byte[] opus, int len);

        void tick(long nanoTime);

        static Target of(Recorder recorder, Clock clock) {
            SenderReportClock reports = new SenderReportClock(90_000);
            return new Target() {
                @Override
                public void senderReport(int ssrc, long ntp, int rtpTimestamp) {
                    reports.update(ssrc, ntp, rtpTimestamp, 0);
                    recorder.masterSenderReport(reports);
                }

                @Override
                public void video(byte[] packet, long nanoTime) {
                    recorder.masterVideo(packet, 0, packet.length, nanoTime);
                }

                @Override
                public void audio(byte[] packet, long nanoTime) {
                    clock.nanos = nanoTime;
                    recorder.masterAudio(packet, 0, packet.length);
                }

                @Override
                public void mixed(long nanoTime, long ntp, long masterTimestamp, short[] pcm, byte[] opus, int len) {
                    recorder.mixed(nanoTime, ntp, masterTimestamp, pcm, opus, 0, len);
                }

                @Override
                public void tick(long nanoTime) {
                    recorder.tick(nanoTime);
                }
            };
        }
    }

    /** The simulated session clock, read by the recorder for packets handed over without a time. */
    static final class Clock implements LongSupplier {
        long nanos;

        @Override
        public long getAsLong() {
            return nanos;
        }
    }

    static final long T0 = 1_763_800_000_000L;
    /** Unix ms at simulated nanoTime 0: media time t arrives at {@link #nanos}(t), which is T0 + t on the server. */
    static final long EPOCH_AT_NANO_ZERO = T0 - 5_000;
    static final int FPS = 30;
    static final int VIDEO_TICKS_PER_FRAME = 90_000 / FPS;
    static final int AUDIO_FRAME_MILLIS = 20;
    static final double TONE_HZ = 440;
    private static final int TICK_MILLIS = 20;
    private static final long SENDER_REPORT_MILLIS = 1000;
    private static final int MAX_PAYLOAD = 1200;
    private static final int SAMPLES_PER_FRAME = 960;

    /** RTP timestamps start close to the 32-bit wrap, so the recording crosses it. */
    private final int rtpBase = 0xFFF0_0000;
    private final int audioRtpBase = 0x7FFF_0000;
    private static final int AUDIO_SSRC = 0x5EED;
    private static final int OPUS_PAYLOAD_TYPE = 111;
    private final byte[] audioPacket = new byte[1500];
    private final Target recorder;
    private final Packetizer packetizer = new Packetizer(new Random(7), MAX_PAYLOAD, 65_000);
    private final OpusEncoder opus = new OpusEncoder(new OpusEncoder.Settings(32_000, 5, false, 0, "audio"));
    private final short[] pcm = new short[SAMPLES_PER_FRAME];
    private final byte[] packet = new byte[1500];
    private final Random loss;
    private final double lossRate;

    int keyframeRequests;
    private long pendingRequestAt = -1;
    /** How long the encoder takes to answer a keyframe request; negative: it never does. */
    long keyframeLatencyMillis = 100;
    long audioLagMillis = 60;
    /** Media time of the master's first sender reports (the KVS C SDK sends them 3 s after connecting). */
    long reportsStartMillis;
    /** Whether the master sends sender reports at all. */
    boolean sendsReports = true;
    /** Added to every NTP time the master states from now on: its wallclock jumped. */
    long clockShiftMillis;
    /** Added to the NTP times of the master's audio only: its audio and video clocks disagree. */
    long audioClockOffsetMillis;
    /** How much later than its video the master's audio arrives (its audio pipeline is slower). */
    long audioTransitMillis;
    /** Added to the master's video RTP timestamps from now on (90 kHz units): its RTP clock jumped. */
    int videoRtpShift;
    /** Frames whose index passes get sent; the others are skipped (a camera that stops sending). */
    IntPredicate videoSent = i -> true;
    private LiveH264 encoder;
    private int frameIndex;
    private long now;

    SyntheticMaster(Recorder recorder, Clock clock, LiveH264 encoder, double lossRate) {
        this(Target.of(recorder, clock), encoder, lossRate);
    }

    SyntheticMaster(Target recorder, LiveH264 encoder, double lossRate) {
        this.recorder = recorder;
        this.encoder = encoder;
        this.lossRate = lossRate;
        this.loss = new Random(11);
    }

    /** What the recorder calls to ask for a keyframe. */
    void requestKeyframe() {
        keyframeRequests++;
        if (pendingRequestAt < 0) {
            pendingRequestAt = now;
        }
    }

    void switchEncoder(LiveH264 next) {
        encoder.close();
        encoder = next;
    }

    static long ntp(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000) + SenderReportClock.NTP_TO_UNIX_SECONDS;
        long fraction = (Math.floorMod(epochMillis, 1000L) << 32) / 1000 + 1;
        return seconds << 32 | fraction;
    }

    /** The timecode the recording must give video frame {@code i}: its exact media time, rounded. */
    static long videoTimecode(int i) {
        return T0 + Math.round(i * 1000.0 / FPS);
    }

    static long audioTimecode(int j) {
        return T0 + (long) j * AUDIO_FRAME_MILLIS;
    }

    static long nanos(long millis) {
        return millis * 1_000_000L + 5_000_000_000L;
    }

    /** Runs media times {@code [from, to)} ms. */
    void run(long from, long to) {
        for (long t = from; t < to; t++) {
            now = t;
            if (t % SENDER_REPORT_MILLIS == 0 && reporting(t)) {
                recorder.senderReport(Packetizer.SSRC, ntp(T0 + t + clockShiftMillis),
                        rtpBase + videoRtpShift + (int) (t * 90));
            }
            if ((frameIndex * 1000L + FPS - 1) / FPS <= t) { // a frame leaves once captured: never before its time
                sendFrame(t);
            }
            long sent = t - audioTransitMillis;
            if (sent >= 0 && sent % AUDIO_FRAME_MILLIS == 0) {
                int j = (int) (sent / AUDIO_FRAME_MILLIS);
                Tone.fill(pcm, TONE_HZ, 8000, (long) j * SAMPLES_PER_FRAME);
                int len = opus.encode(pcm, packet, 0);
                recorder.audio(audioRtp(j, packet, len), nanos(t));
            }
            long audioTime = t - audioLagMillis - audioTransitMillis;
            if (audioTime >= 0 && audioTime % AUDIO_FRAME_MILLIS == 0) {
                int j = (int) (audioTime / AUDIO_FRAME_MILLIS);
                Tone.fill(pcm, TONE_HZ, 8000, (long) j * SAMPLES_PER_FRAME);
                int len = opus.encode(pcm, packet, 0);
                long ntp = reporting(audioTime) ? ntp(audioTimecode(j) + clockShiftMillis + audioClockOffsetMillis)
                        : SenderReportClock.UNKNOWN;
                recorder.mixed(nanos(t), ntp, Integer.toUnsignedLong(audioRtpBase + j * SAMPLES_PER_FRAME), pcm,
                        packet, len);
            }
            if (t % TICK_MILLIS == 0) {
                recorder.tick(nanos(t));
            }
        }
    }

    private boolean reporting(long t) {
        return sendsReports && t >= reportsStartMillis;
    }

    /** Master audio frame {@code j} as RTP (RFC 3550 §5.1, RFC 7587): a fresh array, as the media plane lends one. */
    private byte[] audioRtp(int j, byte[] opusPacket, int len) {
        audioPacket[0] = (byte) 0x80;
        audioPacket[1] = (byte) OPUS_PAYLOAD_TYPE;
        audioPacket[2] = (byte) (j >>> 8);
        audioPacket[3] = (byte) j;
        int ts = audioRtpBase + j * SAMPLES_PER_FRAME;
        for (int b = 0; b < 4; b++) {
            audioPacket[4 + b] = (byte) (ts >>> (24 - 8 * b));
            audioPacket[8 + b] = (byte) (AUDIO_SSRC >>> (24 - 8 * b));
        }
        System.arraycopy(opusPacket, 0, audioPacket, 12, len);
        return java.util.Arrays.copyOf(audioPacket, 12 + len);
    }

    private void sendFrame(long t) {
        int i = frameIndex++;
        boolean key = i == 0 || keyframeLatencyMillis >= 0 && pendingRequestAt >= 0
                && t - pendingRequestAt >= keyframeLatencyMillis;
        if (key) {
            pendingRequestAt = -1;
        }
        RealH264.Frame frame = encoder.next(key);
        if (!videoSent.test(i)) {
            return;
        }
        List<byte[]> packets = packetizer.packetize(frame.nalUnits(),
                rtpBase + videoRtpShift + i * VIDEO_TICKS_PER_FRAME);
        for (byte[] p : packets) {
            if (lossRate > 0 && loss.nextDouble() < lossRate) {
                continue;
            }
            recorder.video(p, nanos(t));
        }
    }

    /** A recorder on the simulated clock. */
    static Recorder recorder(RecorderSettings settings, RecordedAudio audio, Supplier<FragmentSink> sinks,
                             Runnable keyframeRequest, Clock clock) {
        return new Recorder(settings, audio, sinks, keyframeRequest, CounterExport.NONE, CounterExport.NONE, clock,
                EPOCH_AT_NANO_ZERO);
    }

    /** The master connects, answering audio {@code sendrecv}. */
    static void connect(Recorder recorder) {
        connect(recorder, Direction.SENDRECV);
    }

    /** The master connects with this audio direction ({@code recvonly}: a video-only master). */
    static void connect(Recorder recorder, Direction audio) {
        recorder.masterConnected(new MasterOut(audio));
    }

    @Override
    public void close() {
        encoder.close();
        opus.close();
    }
}
