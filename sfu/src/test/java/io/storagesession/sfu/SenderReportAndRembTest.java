package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import io.storagesession.sfu.testing.Rtcp;
import io.storagesession.sfu.testing.VideoPackets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sender reports to viewers follow the master's (RFC 3550 §6.4.1); REMB caps the master at the quota. */
class SenderReportAndRembTest {
    private static final int MASTER_SSRC = 0x1111;
    private static final int SR = 200;
    private static final long MS = 1_000_000L;
    private final VideoSettings settings = SfuSettings.defaults().video();
    private long now = 5_000_000_000L;
    private final VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now);
    private final RecordingOut master = RecordingOut.master(0x0A);
    private final RecordingOut viewer = RecordingOut.viewer(0x0B);

    private void fromMaster(byte[] p) {
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, p, 0, p.length);
    }

    private void ticks(long duration) {
        for (long t = 0; t < duration; t += 20 * MS) {
            now += 20 * MS;
            forwarder.tick(now);
        }
    }

    private void masterSenderReport(long ntp, long rtp) {
        byte[] sr = new byte[64];
        int n = RtcpFeedback.senderReport(sr, 0, MASTER_SSRC, ntp, rtp, 1, 1);
        forwarder.rtcp(ParticipantId.MASTER, RtcpCompound.of(sr, 0, n));
    }

    @Test
    void noSenderReportGoesToAViewerBeforeTheMastersFirst() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        fromMaster(VideoPackets.h264(MASTER_SSRC, 1, 90_000, VideoPackets.SPS));
        ticks(3000 * MS);
        assertThat(Rtcp.all(viewer.rtcp, SR, -1)).isEmpty();
    }

    @Test
    void theViewersReportMapsTheMastersNtpTimeToTheViewersTimestampsAndCountsItsStream() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        long masterRtp = 900_000;
        for (int i = 0; i < 5; i++) {
            fromMaster(VideoPackets.h264(MASTER_SSRC, 40 + i, masterRtp, i == 0 ? VideoPackets.SPS : VideoPackets.SLICE));
        }
        long viewerRtp = Rtp.timestamp(viewer.rtp.get(0), 0);
        long ntp = (3_900_000_000L << 32) | 0x8000_0000L;
        masterSenderReport(ntp, masterRtp);

        now += 500 * MS;
        forwarder.tick(now);

        List<Rtcp.Packet> reports = Rtcp.all(viewer.rtcp, SR, -1);
        assertThat(reports).hasSize(1);
        Rtcp.Packet sr = reports.get(0);
        assertThat(sr.word(1)).isEqualTo(viewer.videoSsrc());
        long sentNtp = ((long) sr.word(2) << 32) | (sr.word(3) & 0xFFFF_FFFFL);
        assertThat(sentNtp).as("the master's NTP time, half a second on").isEqualTo(ntp + (1L << 31));
        assertThat(sr.word(4) & 0xFFFF_FFFFL).as("the same instant on the viewer's RTP clock")
                .isEqualTo(viewerRtp + 45_000);
        assertThat(sr.word(5)).as("packets").isEqualTo(5);
        assertThat(sr.word(6)).as("payload octets").isEqualTo(5 * (viewer.rtp.get(0).length - 12));
    }

    @Test
    void senderReportsAreSpacedBySenderReportInterval() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        fromMaster(VideoPackets.h264(MASTER_SSRC, 1, 90_000, VideoPackets.SPS));
        masterSenderReport(1L << 32, 90_000);
        long span = 5 * settings.senderReportInterval().toNanos();
        ticks(span);
        int sent = Rtcp.all(viewer.rtcp, SR, -1).size();
        assertThat(sent).isBetween(5, 6);
        assertThat(forwarder.counters.senderReportsSent).isEqualTo(sent);
    }

    @Test
    void rembCapsTheMasterAtTheQuotaAndIsRepeated() {
        forwarder.connected(ParticipantId.MASTER, master);
        fromMaster(VideoPackets.h264(MASTER_SSRC, 1, 90_000, VideoPackets.SPS));
        ticks(3 * settings.rembInterval().toNanos());

        List<Rtcp.Packet> rembs = Rtcp.all(master.rtcp, 206, 15);
        assertThat(rembs).hasSizeBetween(3, 4);
        Rtcp.Packet remb = rembs.get(0);
        assertThat(remb.word(3)).isEqualTo(0x52454D42);
        int word = remb.word(4);
        long bitrate = (long) (word & 0x3FFFF) << ((word >>> 18) & 0x3F);
        assertThat(bitrate).isBetween(settings.maxBitrate() - 64, settings.maxBitrate());
        assertThat(remb.word(5)).isEqualTo(MASTER_SSRC);
    }
}
