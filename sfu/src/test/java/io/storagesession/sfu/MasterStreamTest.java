package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.SenderReportClock;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MasterVideoReader;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import io.storagesession.sfu.testing.Rtcp;
import io.storagesession.sfu.testing.VideoPackets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the recorder gets from the forwarder ({@link MasterVideoReader}): each accepted master packet once — RTX restored
 * to the original, duplicates and foreign SSRCs left out — the master's own video sender reports, a restart on a new
 * master path, and keyframe requests through the forwarder's throttle.
 */
class MasterStreamTest {
    private static final int MASTER_SSRC = 0x1111;
    private static final int MASTER_RTX_SSRC = 0x2222;
    private static final int PSFB = 206;
    private long now = 5_000_000_000L;
    private final VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now);
    private final RecordingOut master = RecordingOut.master(0x0A);
    private final List<byte[]> packets = new ArrayList<>();
    private final List<long[]> reports = new ArrayList<>();
    private int restarts;

    private final MasterVideoReader sink = new MasterVideoReader() {
        @Override
        public void masterVideo(byte[] packet, int off, int len, long nanoTime) {
            packets.add(Arrays.copyOfRange(packet, off, off + len));
        }

        @Override
        public void masterSenderReport(SenderReportClock clock) {
            reports.add(new long[] {clock.ssrc(), clock.reportNtp(), clock.reportRtpTimestamp()});
        }

        @Override
        public void masterRestarted() {
            restarts++;
        }
    };

    private void fromMaster(byte[] p) {
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, p, 0, p.length);
    }

    private byte[] packet(int sequence) {
        return VideoPackets.h264(MASTER_SSRC, sequence, 3000L * sequence, sequence == 100 ? VideoPackets.SPS
                : VideoPackets.SLICE);
    }

    @Test
    void theRecorderGetsEachRepairedPacketOnceAndTheMastersSenderReports() {
        forwarder.subscribe(sink);
        forwarder.connected(ParticipantId.MASTER, master);
        assertThat(restarts).isEqualTo(1);
        fromMaster(packet(100));
        byte[] lost = packet(101);
        fromMaster(packet(102));
        fromMaster(VideoPackets.rtx(lost, MASTER_RTX_SSRC, 7));
        fromMaster(lost);
        fromMaster(VideoPackets.h264(0x9999, 103, 0, VideoPackets.SLICE));

        assertThat(packets).hasSize(3);
        assertThat(packets.stream().map(p -> Rtp.sequence(p, 0)).toList()).containsExactly(100, 102, 101);
        assertThat(packets.get(2)).isEqualTo(lost);

        byte[] sr = new byte[64];
        int n = RtcpFeedback.senderReport(sr, 0, MASTER_SSRC, 0x1234_5678_9ABC_DEF0L, 0xCAFE, 1, 1);
        forwarder.rtcp(ParticipantId.MASTER, RtcpCompound.of(sr, 0, n));
        n = RtcpFeedback.senderReport(sr, 0, 0x9999, 1, 2, 1, 1);
        forwarder.rtcp(ParticipantId.MASTER, RtcpCompound.of(sr, 0, n));
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).containsExactly(MASTER_SSRC, 0x1234_5678_9ABC_DEF0L, 0xCAFE);
    }

    @Test
    void keyframeRequestsFromTheRecorderGoThroughTheForwardersThrottle() {
        forwarder.subscribe(sink);
        forwarder.connected(ParticipantId.MASTER, master);
        fromMaster(packet(100));
        master.rtcp.clear();
        now += SfuSettings.defaults().video().keyframeRequestInterval().toNanos();
        forwarder.requestKeyframe();
        forwarder.requestKeyframe();
        assertThat(Rtcp.all(master.rtcp, PSFB, 1)).hasSize(1);
        now += SfuSettings.defaults().video().keyframeRequestInterval().toNanos();
        forwarder.requestKeyframe();
        assertThat(Rtcp.all(master.rtcp, PSFB, 1)).hasSize(2);
    }
}
