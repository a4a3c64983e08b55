package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.rtp.Bytes;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.MixReader;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mixes' sender reports (RFC 3550 §6.4.1) carry the master's NTP time of the audio they play, the timeline the
 * forwarded video's reports use, so a viewer can line the master's voice up with its picture.
 */
class AudioSenderReportTest {
    private static final int MASTER_SSRC = 0x1000;
    /** The master's report: this NTP time (a 2023 date, with a fraction) is its RTP timestamp 4800. */
    private static final long REPORT_NTP = (3_900_000_000L << 32) | 0x4000_0000L;
    private static final int REPORT_RTP = 4_800;
    private static final long TICK_NANOS = 20_000_000L;

    private final AudioMixer mixer = new AudioMixer(AudioMixerTest.SETTINGS);
    private final RecordingOut viewer = RecordingOut.viewer(200);
    private long now;

    @Test
    void theRecordingGetsEachFrameWithTheMastersNtpTimeAndRtpTimestamp() {
        List<long[]> stamped = new java.util.ArrayList<>();
        List<byte[]> frames = new java.util.ArrayList<>();
        mixer.connected(ParticipantId.MASTER, RecordingOut.master(100));
        mixer.subscribe((nanoTime, ntp, masterTimestamp, pcm, opus, off, len) -> {
            stamped.add(new long[] {ntp, masterTimestamp});
            frames.add(Arrays.copyOfRange(opus, off, off + len));
        });
        try (Talker master = new Talker(440, MASTER_SSRC)) {
            step(master);
            byte[] report = senderReport(MASTER_SSRC, REPORT_NTP, REPORT_RTP);
            mixer.rtcp(ParticipantId.MASTER, RtcpCompound.of(report, 0, report.length));
            for (int tick = 0; tick < 10; tick++) {
                step(master);
            }
            int last = frames.size() - 1;
            int frame = master.payloads.indexOf(master.payloads.stream()
                    .filter(p -> Arrays.equals(p, frames.get(last))).findFirst().orElseThrow());
            long samples = (long) frame * Opus.FRAME_SAMPLES - REPORT_RTP;
            assertThat(stamped.get(last)[0]).isBetween(REPORT_NTP + (samples << 32) / Opus.SAMPLE_RATE - 1,
                    REPORT_NTP + (samples << 32) / Opus.SAMPLE_RATE + 1);
            assertThat(stamped.get(0)[0]).as("before the master's report").isZero();
            // The RTP timestamp of the master frame each tick played, report or not: the recorder places it by arrival.
            assertThat(stamped.get(last)[1]).isEqualTo((long) frame * Opus.FRAME_SAMPLES);
            assertThat(stamped.get(0)[1]).as("while the jitter buffer fills, nothing of the master plays")
                    .isEqualTo(MixReader.NO_TIMESTAMP);
        }
    }

    @Test
    void aViewersMixIsReportedOnTheMastersClockOnceTheMasterReported() {
        mixer.connected(ParticipantId.MASTER, RecordingOut.master(100));
        mixer.connected(ParticipantId.viewer("a"), viewer);
        try (Talker master = new Talker(440, MASTER_SSRC)) {
            for (int tick = 0; tick < 20; tick++) {
                step(master);
            }
            assertThat(senderReports()).as("no report before the master's").isEmpty();
            byte[] report = senderReport(MASTER_SSRC, REPORT_NTP, REPORT_RTP);
            mixer.rtcp(ParticipantId.MASTER, RtcpCompound.of(report, 0, report.length));
            for (int tick = 0; tick < 60; tick++) {
                step(master);
            }
            List<byte[]> reports = senderReports();
            assertThat(reports).hasSizeBetween(1, 2);
            for (byte[] sr : reports) {
                assertThat(Bytes.readInt(sr, 4)).isEqualTo(viewer.audioSsrc());
                long ntp = ((long) Bytes.readInt(sr, 8) << 32) | (Bytes.readInt(sr, 12) & 0xFFFF_FFFFL);
                int rtp = Bytes.readInt(sr, 16);
                int frame = masterFrameSentAt(master, rtp);
                long samples = (long) frame * Opus.FRAME_SAMPLES - REPORT_RTP;
                long expected = REPORT_NTP + (samples << 32) / Opus.SAMPLE_RATE;
                assertThat(ntp).as("NTP of the master's frame %d, which the viewer's packet at %d carries", frame,
                        rtp).isBetween(expected - 1, expected + 1);
                assertThat(Bytes.readInt(sr, 20)).as("packets sent").isPositive();
            }
        }
    }

    private void step(Talker master) {
        byte[] packet = master.next(Talker.LOUD);
        mixer.rtp(ParticipantId.MASTER, MediaKind.AUDIO, packet, 0, packet.length);
        now += TICK_NANOS;
        mixer.tick(now);
    }

    private List<byte[]> senderReports() {
        return viewer.rtcp.stream().filter(p -> (p[1] & 0xFF) == 200).toList();
    }

    /** Which of the master's frames the viewer's packet with RTP timestamp {@code rtp} forwarded. */
    private int masterFrameSentAt(Talker master, int rtp) {
        byte[] packet = viewer.rtp.stream().filter(p -> Rtp.timestamp(p, 0) == (rtp & 0xFFFF_FFFFL)).findFirst()
                .orElseThrow(() -> new AssertionError("no packet at the reported timestamp " + rtp));
        byte[] payload = Arrays.copyOfRange(packet, Rtp.payloadOffset(packet, 0, packet.length), packet.length);
        for (int frame = 0; frame < master.payloads.size(); frame++) {
            if (Arrays.equals(master.payloads.get(frame), payload)) {
                return frame;
            }
        }
        throw new AssertionError("the packet at " + rtp + " is none of the master's frames");
    }

    private static byte[] senderReport(int ssrc, long ntp, int rtp) {
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        Bytes.writeShort(sr, 2, 6);
        Bytes.writeInt(sr, 4, ssrc);
        Bytes.writeInt(sr, 8, (int) (ntp >>> 32));
        Bytes.writeInt(sr, 12, (int) ntp);
        Bytes.writeInt(sr, 16, rtp);
        return sr;
    }
}
