package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import io.storagesession.sfu.testing.Rtcp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Forwarding rules, on packets built by hand: keyframe gating, renumbering, PLI on join and on request, throttling. */
class VideoForwarderTest {
    private static final int MASTER_SSRC = 0x1111;
    private long now = 1_000_000_000L;
    private final VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now);
    private final RecordingOut master = RecordingOut.master(0x0A);
    private final RecordingOut viewer = RecordingOut.viewer(0x0B);

    private static byte[] h264(int ssrc, int sequence, long timestamp, int nal) {
        byte[] p = new byte[14];
        p[0] = (byte) 0x80;
        p[1] = 102;
        p[2] = (byte) (sequence >>> 8);
        p[3] = (byte) sequence;
        p[4] = (byte) (timestamp >>> 24);
        p[5] = (byte) (timestamp >>> 16);
        p[6] = (byte) (timestamp >>> 8);
        p[7] = (byte) timestamp;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        p[12] = (byte) nal;
        return p;
    }

    private void fromMaster(byte[] p) {
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, p, 0, p.length);
    }

    @Test
    void aJoiningViewerGetsAPliSentAndVideoFromTheNextKeyframeOnUnderItsOwnSsrc() {
        forwarder.connected(ParticipantId.MASTER, master);
        fromMaster(h264(MASTER_SSRC, 100, 9000, 0x41));
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        assertThat(Rtcp.all(master.rtcp, 206, 1)).as("PLI").hasSize(1);

        fromMaster(h264(MASTER_SSRC, 101, 12000, 0x41));
        assertThat(viewer.rtp).as("no delta frame before a keyframe").isEmpty();
        fromMaster(h264(MASTER_SSRC, 102, 15000, 0x67));
        fromMaster(h264(MASTER_SSRC, 103, 15000, 0x65));
        assertThat(viewer.rtp).hasSize(2);
        assertThat(Rtp.ssrc(viewer.rtp.get(0), 0)).isEqualTo(0x0B);
        assertThat(Rtp.sequence(viewer.rtp.get(1), 0)).isEqualTo(Rtp.sequence(viewer.rtp.get(0), 0) + 1);
    }

    @Test
    void aNewMasterContinuesTheViewersNumbering() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        fromMaster(h264(MASTER_SSRC, 500, 90_000, 0x67));
        fromMaster(h264(MASTER_SSRC, 501, 93_000, 0x41));
        forwarder.disconnected(ParticipantId.MASTER);
        RecordingOut second = RecordingOut.viewer(0x0C);
        forwarder.connected(ParticipantId.MASTER, second);
        fromMaster(h264(0x2222, 7, 5, 0x67));
        assertThat(viewer.rtp).hasSize(3);
        assertThat(Rtp.sequence(viewer.rtp.get(2), 0)).isEqualTo(Rtp.sequence(viewer.rtp.get(1), 0) + 1);
        assertThat(Rtp.timestamp(viewer.rtp.get(2), 0)).isGreaterThan(Rtp.timestamp(viewer.rtp.get(1), 0));
    }

    @Test
    void viewerPlisAreThrottledToOnePer200Ms() {
        forwarder.connected(ParticipantId.MASTER, master);
        fromMaster(h264(MASTER_SSRC, 1, 0, 0x67));
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        byte[] pli = new byte[32];
        int n = RtcpFeedback.pli(pli, 0, 0x0B, 0x0B);
        for (int i = 0; i < 5; i++) {
            forwarder.rtcp(ParticipantId.viewer("v1"), RtcpCompound.of(pli, 0, n));
        }
        assertThat(Rtcp.all(master.rtcp, 206, 1)).hasSize(1);
        now += Duration.ofMillis(250).toNanos();
        forwarder.rtcp(ParticipantId.viewer("v1"), RtcpCompound.of(pli, 0, n));
        assertThat(Rtcp.all(master.rtcp, 206, 1)).hasSize(2);
    }

    @Test
    void rtxBeforeThePrimaryStreamAndAudioAndViewerMediaAreNotForwarded() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        byte[] rtx = h264(0x3333, 1, 0, 0x67);
        rtx[1] = 103;
        fromMaster(rtx);
        byte[] key = h264(MASTER_SSRC, 1, 0, 0x67);
        forwarder.rtp(ParticipantId.MASTER, MediaKind.AUDIO, key, 0, key.length);
        forwarder.rtp(ParticipantId.viewer("v1"), MediaKind.VIDEO, key, 0, key.length);
        assertThat(viewer.rtp).isEmpty();
    }

    @Test
    void numberingStaysContinuousAcrossTheSequenceWrapForLongStreams() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        int packets = 70_000;
        for (int i = 0; i < packets; i++) {
            fromMaster(h264(MASTER_SSRC, (60_000 + i) & 0xFFFF, 9000L * (i / 4), i == 0 ? 0x67 : 0x41));
        }
        assertThat(viewer.rtp).hasSize(packets);
        for (int i = 1; i < packets; i++) {
            assertThat(Rtp.sequence(viewer.rtp.get(i), 0))
                    .isEqualTo((Rtp.sequence(viewer.rtp.get(i - 1), 0) + 1) & 0xFFFF);
        }
    }

    @Test
    void aRecoveredPacketFromBeforeTheViewersKeyframeIsNotSentToIt() {
        forwarder.connected(ParticipantId.MASTER, master);
        fromMaster(h264(MASTER_SSRC, 10, 0, 0x67));
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        fromMaster(h264(MASTER_SSRC, 12, 3000, 0x67));
        fromMaster(h264(MASTER_SSRC, 13, 3000, 0x41));
        fromMaster(h264(MASTER_SSRC, 11, 0, 0x41));
        assertThat(viewer.rtp).hasSize(2);
    }
}
