package io.storagesession.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.AacSettings;
import io.storagesession.codecs.h264.LiveH264;
import io.storagesession.codecs.h264.RealH264;
import io.storagesession.recorder.mkv.AwsMkvReading;
import io.storagesession.recorder.mkv.MediaFrame;
import io.storagesession.recorder.mkv.StreamHeader;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever arrives besides a real master stream (recorded with Opus or AAC audio) — random packets (also with valid-looking RTP headers), sender
 * reports with absurd or backward NTP times, master audio and mix frames with any NTP or RTP time — the recorder neither throws nor hands over a
 * fragment that breaks KVS's rules: each read back by AWS's parser starts with a video keyframe, has both tracks, stays
 * under 10 s, and its timecodes only move forward.
 */
class RecorderHostileInputTest {
    @Property(tries = 15)
    void junkNeverBreaksTheRecording(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int junkPercent) throws Exception {
        Random random = new Random(seed);
        CollectingSink sink = new CollectingSink();
        RecordedAudio audio = RecordedAudio.of(seed % 2 == 0 ? RecorderSettings.AudioCodec.OPUS
                : RecorderSettings.AudioCodec.AAC, AacSettings.defaults());
        SyntheticMaster.Clock clock = new SyntheticMaster.Clock();
        Recorder recorder = SyntheticMaster.recorder(RecorderSettings.defaults(), audio, () -> sink, () -> { }, clock);
        SyntheticMaster.connect(recorder);
        SyntheticMaster.Target real = SyntheticMaster.Target.of(recorder, clock);
        SyntheticMaster.Target hostile = new SyntheticMaster.Target() {
            @Override
            public void senderReport(int ssrc, long ntp, int rtpTimestamp) {
                real.senderReport(ssrc, ntp, rtpTimestamp);
                if (random.nextInt(100) < junkPercent) {
                    real.senderReport(random.nextBoolean() ? ssrc : random.nextInt(), random.nextLong(),
                            random.nextInt());
                    real.senderReport(ssrc, ntp, rtpTimestamp);
                }
            }

            @Override
            public void video(byte[] packet, long nanoTime) {
                if (random.nextInt(100) < junkPercent) {
                    byte[] junk = new byte[random.nextInt(1400)];
                    random.nextBytes(junk);
                    if (junk.length > 12 && random.nextBoolean()) {
                        // A valid-looking header of the same stream with a sequence number of its own (a copy of a
                        // real packet's number could not get past SRTP's authentication and replay check).
                        System.arraycopy(packet, 0, junk, 0, 12);
                        junk[2] = (byte) random.nextInt();
                        junk[3] = (byte) random.nextInt();
                    }
                    real.video(junk, nanoTime);
                }
                real.video(packet, nanoTime);
            }

            @Override
            public void audio(byte[] packet, long nanoTime) {
                if (random.nextInt(100) < junkPercent) {
                    byte[] junk = packet.clone();
                    for (int i = 4; i < 8; i++) {
                        junk[i] = (byte) random.nextInt(); // any RTP timestamp
                    }
                    real.audio(junk, nanoTime);
                }
                real.audio(packet, nanoTime);
            }

            @Override
            public void mixed(long nanoTime, long ntp, long masterTimestamp, short[] pcm, byte[] opus, int len) {
                boolean junk = random.nextInt(100) < junkPercent;
                long n = junk ? random.nextLong() : ntp;
                long ts = junk && random.nextBoolean() ? random.nextInt() & 0xFFFF_FFFFL : masterTimestamp;
                real.mixed(nanoTime, n, ts, pcm, opus, Math.max(1, junk ? len / 2 : len));
            }

            @Override
            public void tick(long nanoTime) {
                real.tick(nanoTime);
            }
        };
        try (SyntheticMaster master = new SyntheticMaster(hostile,
                new LiveH264(160, 120, RealH264.CONSTRAINED_BASELINE, SyntheticMaster.FPS), 0)) {
            master.run(0, 8_000);
        }
        recorder.close();

        assertThat(sink.ended).isTrue();
        assertThat(sink.fragmentTimecodes()).as("fragments despite the junk").isNotEmpty();
        AwsMkvReading.Stream stream = AwsMkvReading.read(sink.mkv());
        assertThat(stream.clusters()).hasSize(sink.fragmentTimecodes().size());
        long previousCluster = Long.MIN_VALUE;
        long[] previous = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        for (AwsMkvReading.Cluster c : stream.clusters()) {
            assertThat(c.timecode()).isGreaterThan(previousCluster);
            previousCluster = c.timecode();
            MediaFrame first = c.frames().get(0);
            assertThat(first.track() == StreamHeader.VIDEO_TRACK_NUMBER && first.keyframe()).isTrue();
            assertThat(c.frames()).anyMatch(f -> f.track() == StreamHeader.AUDIO_TRACK_NUMBER);
            for (MediaFrame f : c.frames()) {
                assertThat(f.timecodeMillis() - c.timecode()).isBetween(0L, 9_999L);
                assertThat(f.timecodeMillis()).isGreaterThan(previous[f.track()]);
                previous[f.track()] = f.timecodeMillis();
            }
        }
    }
}
