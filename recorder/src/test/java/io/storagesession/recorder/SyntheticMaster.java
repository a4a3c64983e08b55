package io.storagesession.recorder;

import io.storagesession.codecs.OpusEncoder;
import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.Tone;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.Packetizer;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.session.media.ParticipantId;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Plays a master and the mixer for a {@link Recorder}, on a simulated clock in 1 ms steps: real OpenH264 video at
 * 30 frames/s packetized per RFC 6184 (answering keyframe requests after a delay, as libwebrtc answers a PLI), a
 * video sender report every second, and the full mix as real Opus frames of a tone every 20 ms, handed over
 * {@code audioLagMillis} after their media time (the mixer's jitter buffer). Media time 0 is {@link #T0} ms since the
 * Unix epoch on the master's NTP clock, so every frame's expected timecode is known exactly.
 */
final class SyntheticMaster implements AutoCloseable {
    /** What the synthetic master drives: a {@link Recorder}, or a script to replay into one. */
    interface Target {
        void senderReport(int ssrc, long ntp, int rtpTimestamp);

        void video(byte[] packet, long nanoTime);

        void mixed(long nanoTime, long ntp, short[] pcm, byte[] opus, int len);

        void tick(long nanoTime);

        static Target of(Recorder recorder) {
            return new Target() {
                @Override
                public void senderReport(int ssrc, long ntp, int rtpTimestamp) {
                    recorder.masterSenderReport(ssrc, ntp, rtpTimestamp);
                }

                @Override
                public void video(byte[] packet, long nanoTime) {
                    recorder.masterVideo(packet, 0, packet.length, nanoTime);
                }

                @Override
                public void mixed(long nanoTime, long ntp, short[] pcm, byte[] opus, int len) {
                    recorder.mixed(nanoTime, ntp, pcm, opus, 0, len);
                }

                @Override
                public void tick(long nanoTime) {
                    recorder.tick(nanoTime);
                }
            };
        }
    }

    static final long T0 = 1_763_800_000_000L;
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
    /** Media time of the first mix frame with a sender-report time (the master's first audio report). */
    long audioStartMillis;
    /** Added to every NTP time the master states from now on: its wallclock jumped. */
    long clockShiftMillis;
    /** Frames whose index passes get sent; the others are skipped (a camera that stops sending). */
    IntPredicate videoSent = i -> true;
    private LiveH264 encoder;
    private int frameIndex;
    private long now;

    SyntheticMaster(Recorder recorder, LiveH264 encoder, double lossRate) {
        this(Target.of(recorder), encoder, lossRate);
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
            if (t % SENDER_REPORT_MILLIS == 0) {
                recorder.senderReport(Packetizer.SSRC, ntp(T0 + t + clockShiftMillis), rtpBase + (int) (t * 90));
            }
            if (frameIndex * 1000L / FPS <= t) {
                sendFrame(t);
            }
            long audioTime = t - audioLagMillis;
            if (audioTime >= audioStartMillis && audioTime % AUDIO_FRAME_MILLIS == 0) {
                int j = (int) (audioTime / AUDIO_FRAME_MILLIS);
                Tone.fill(pcm, TONE_HZ, 8000, (long) j * SAMPLES_PER_FRAME);
                int len = opus.encode(pcm, packet, 0);
                recorder.mixed(nanos(t), ntp(audioTimecode(j) + clockShiftMillis), pcm, packet, len);
            }
            if (t % TICK_MILLIS == 0) {
                recorder.tick(nanos(t));
            }
        }
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
        List<byte[]> packets = packetizer.packetize(frame.nalUnits(), rtpBase + i * VIDEO_TICKS_PER_FRAME);
        for (byte[] p : packets) {
            if (lossRate > 0 && loss.nextDouble() < lossRate) {
                continue;
            }
            recorder.video(p, nanos(t));
        }
    }

    static void connect(Recorder recorder) {
        recorder.connected(ParticipantId.MASTER, null);
    }

    @Override
    public void close() {
        encoder.close();
        opus.close();
    }
}
