package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.RtcpFeedback;
import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.Direction;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.RtpParameters;
import io.storagesession.media.testing.RecordingOut;
import io.storagesession.sfu.testing.VideoPackets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Viewers' NACKs (RFC 4585 §6.2.1) answered from their retransmission caches, as RTX (RFC 4588) when possible. */
class ViewerRetransmissionTest {
    private static final int MASTER_SSRC = 0x1111;
    private static final ParticipantId V1 = ParticipantId.viewer("v1");
    private final VideoSettings settings = SfuSettings.defaults().video();
    private long now = 5_000_000_000L;
    private final VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now);
    private final RecordingOut master = RecordingOut.master(0x0A);

    private List<byte[]> sendTenPacketsTo(RecordingOut viewer) {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(V1, viewer);
        for (int i = 0; i < 10; i++) {
            byte[] p = VideoPackets.h264(MASTER_SSRC, 200 + i, 9000, i == 0 ? VideoPackets.SPS : VideoPackets.SLICE);
            forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, p, 0, p.length);
        }
        assertThat(viewer.rtp).hasSize(10);
        return List.copyOf(viewer.rtp);
    }

    private void nack(RecordingOut viewer, int pid, int blp) {
        byte[] rtcp = new byte[64];
        int n = RtcpFeedback.emptyReceiverReport(rtcp, 0, 0x77);
        n += RtcpFeedback.nack(rtcp, n, 0x77, viewer.videoSsrc(), pid, blp);
        forwarder.rtcp(V1, RtcpCompound.of(rtcp, 0, n));
    }

    @Test
    void aNackedPacketComesBackAsRtxWithTheOriginalSequenceNumberInFront() {
        RecordingOut viewer = RecordingOut.viewer(0x0B);
        List<byte[]> sent = sendTenPacketsTo(viewer);
        int third = Rtp.sequence(sent.get(3), 0);

        nack(viewer, third, 0b101);

        List<byte[]> rtx = viewer.rtpWithSsrc(viewer.rtxSsrc.getAsInt());
        assertThat(rtx).hasSize(3);
        int[] expected = {3, 4, 6};
        for (int i = 0; i < 3; i++) {
            byte[] r = rtx.get(i);
            byte[] original = sent.get(expected[i]);
            assertThat(Rtp.payloadType(r, 0)).isEqualTo(VideoPackets.RTX_PT);
            assertThat(Rtp.timestamp(r, 0)).isEqualTo(Rtp.timestamp(original, 0));
            assertThat(((r[12] & 0xFF) << 8) | (r[13] & 0xFF)).as("OSN").isEqualTo(Rtp.sequence(original, 0));
            assertThat(Arrays.copyOfRange(r, 14, r.length)).isEqualTo(Arrays.copyOfRange(original, 12, original.length));
            assertThat(Rtp.sequence(r, 0)).as("RTX has its own numbering")
                    .isEqualTo((Rtp.sequence(rtx.get(0), 0) + i) & 0xFFFF);
        }
        assertThat(forwarder.counters.retransmissions).isEqualTo(3);
    }

    @Test
    void withoutAnnouncedRtxSsrcTheOriginalIsSentAgain() {
        RecordingOut viewer = RecordingOut.viewer(0x0B);
        viewer.rtxSsrc = OptionalInt.empty();
        List<byte[]> sent = sendTenPacketsTo(viewer);

        nack(viewer, Rtp.sequence(sent.get(5), 0), 0);

        assertThat(viewer.rtp).hasSize(11);
        assertThat(viewer.rtp.get(10)).isEqualTo(sent.get(5));
    }

    @Test
    void aViewerThatRefusedRtxGetsTheOriginalAgain() {
        RecordingOut viewer = RecordingOut.viewer(0x0B).answeringVideo(new RtpParameters(Direction.RECVONLY,
                List.of(102), Map.of(), List.of(), Map.of()));
        List<byte[]> sent = sendTenPacketsTo(viewer);

        nack(viewer, Rtp.sequence(sent.get(2), 0), 0);

        assertThat(viewer.rtp.get(10)).isEqualTo(sent.get(2));
    }

    @Test
    void aRepeatedNackWithinMinIntervalIsAnsweredOnce() {
        RecordingOut viewer = RecordingOut.viewer(0x0B);
        List<byte[]> sent = sendTenPacketsTo(viewer);
        int seq = Rtp.sequence(sent.get(1), 0);

        nack(viewer, seq, 0);
        nack(viewer, seq, 0);
        assertThat(viewer.rtp).hasSize(11);
        assertThat(forwarder.counters.retransmissionsThrottled).isEqualTo(1);

        now += settings.retransmissionMinInterval().toNanos();
        nack(viewer, seq, 0);
        assertThat(viewer.rtp).hasSize(12);
    }

    @Test
    void packetsOlderThanMaxAgeOrNeverSentAreNotAnswered() {
        RecordingOut viewer = RecordingOut.viewer(0x0B);
        List<byte[]> sent = sendTenPacketsTo(viewer);
        int last = Rtp.sequence(sent.get(9), 0);

        nack(viewer, (last + 1) & 0xFFFF, 0);
        now += settings.retransmissionMaxAge().toNanos() + 1;
        nack(viewer, last, 0);

        assertThat(viewer.rtp).hasSize(10);
        assertThat(forwarder.counters.retransmissionsMissing).isEqualTo(2);
    }

    /** The session's history grows under a 1 Mbps master; what it kept before growing comes back intact. */
    @Test
    void packetsKeptBeforeTheHistoryGrewAreResentIntact() {
        RecordingOut viewer = RecordingOut.viewer(0x0B);
        viewer.rtxSsrc = OptionalInt.empty();
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(V1, viewer);
        for (int i = 0; i < 100; i++) {
            byte[] p = Arrays.copyOf(VideoPackets.h264(MASTER_SSRC, 300 + i, 9000 + i * 3000,
                    i == 0 ? VideoPackets.SPS : VideoPackets.SLICE), 1200);
            for (int k = 13; k < p.length; k++) {
                p[k] = (byte) (i * 7 + k);
            }
            forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, p, 0, p.length);
            now += 9_000_000L;
        }
        List<byte[]> sent = List.copyOf(viewer.rtp);
        assertThat(sent).hasSize(100);

        for (int i : new int[] {0, 1, 50, 99}) {
            nack(viewer, Rtp.sequence(sent.get(i), 0), 0);
            assertThat(viewer.rtp.get(viewer.rtp.size() - 1)).as("packet %d", i).isEqualTo(sent.get(i));
        }
        assertThat(forwarder.counters.retransmissions).isEqualTo(4);
        forwarder.tick(now);
        assertThat(forwarder.counters.historyOverwritten).isZero();
    }

    @Test
    void aNackForAnotherSsrcIsNotAnswered() {
        RecordingOut viewer = RecordingOut.viewer(0x0B);
        List<byte[]> sent = sendTenPacketsTo(viewer);
        byte[] rtcp = new byte[64];
        int n = RtcpFeedback.nack(rtcp, 0, 0x77, 0x999, Rtp.sequence(sent.get(1), 0), 0);

        forwarder.rtcp(V1, RtcpCompound.of(rtcp, 0, n));

        assertThat(viewer.rtp).hasSize(10);
    }
}
