package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.Rtp;
import io.storagesession.media.MediaKind;
import io.storagesession.media.ParticipantId;
import io.storagesession.media.testing.RecordingOut;
import io.storagesession.sfu.testing.Rtcp;
import io.storagesession.sfu.testing.VideoPackets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The master's losses: NACKed, retried on the tick, repaired from its RTX, else a keyframe is asked for. */
class MasterLossTest {
    private static final int MASTER_SSRC = 0x1111;
    private static final int MASTER_RTX_SSRC = 0x2222;
    private static final int RTPFB = 205;
    private static final int PSFB = 206;
    private final VideoSettings settings = SfuSettings.defaults().video();
    private long now = 5_000_000_000L;
    private final VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now);
    private final RecordingOut master = RecordingOut.master(0x0A);
    private final RecordingOut viewer = RecordingOut.viewer(0x0B);

    private void fromMaster(byte[] p) {
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, p, 0, p.length);
    }

    private byte[] packet(int sequence) {
        return VideoPackets.h264(MASTER_SSRC, sequence, 9000L * (sequence / 3), sequence == 100
                ? VideoPackets.SPS : VideoPackets.SLICE);
    }

    private void start() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        fromMaster(packet(100));
        master.rtcp.clear();
        now += settings.keyframeRequestInterval().toNanos();
    }

    private List<Rtcp.Packet> nacks() {
        return Rtcp.all(master.rtcp, RTPFB, 1);
    }

    private List<Rtcp.Packet> plis() {
        return Rtcp.all(master.rtcp, PSFB, 1);
    }

    @Test
    void aGapIsNackedAtOnceInACompoundThatStartsWithAReceiverReport() {
        start();
        fromMaster(packet(101));
        fromMaster(packet(104));

        assertThat(master.rtcp).hasSize(1);
        List<Rtcp.Packet> compound = Rtcp.split(master.rtcp.get(0));
        assertThat(compound.get(0).type()).isEqualTo(201);
        Rtcp.Packet nack = compound.get(1);
        assertThat(nack.type()).isEqualTo(RTPFB);
        assertThat(nack.word(1)).as("sender SSRC").isEqualTo(master.videoSsrc());
        assertThat(nack.word(2)).as("media SSRC").isEqualTo(MASTER_SSRC);
        assertThat(nack.word(3)).as("PID 102, BLP: 103").isEqualTo((102 << 16) | 1);
    }

    @Test
    void retriesFollowTheTickSpacedByTheRetryIntervalAndStopAtMaxRetriesWithAPli() {
        start();
        fromMaster(packet(102));
        long retry = settings.nackRetryInterval().toNanos();
        for (int tick = 0; tick < 200; tick++) {
            now += 20_000_000L;
            forwarder.tick(now);
        }
        assertThat(nacks()).hasSize(settings.nackMaxRetries());
        assertThat(plis()).hasSize(1);
        assertThat(forwarder.counters.lostForGood).isEqualTo(1);
        assertThat(retry).isGreaterThan(20_000_000L);
    }

    @Test
    void theMastersRtxRestoresTheLostPacketAndViewersGetItInTheirNumbering() {
        start();
        byte[] lost = packet(101);
        fromMaster(packet(102));
        assertThat(viewer.rtp).hasSize(2);

        fromMaster(VideoPackets.rtx(lost, MASTER_RTX_SSRC, 7));

        assertThat(viewer.rtp).hasSize(3);
        byte[] recovered = viewer.rtp.get(2);
        assertThat(Rtp.sequence(recovered, 0)).isEqualTo((Rtp.sequence(viewer.rtp.get(0), 0) + 1) & 0xFFFF);
        assertThat(Rtp.payloadType(recovered, 0)).isEqualTo(VideoPackets.PT);
        assertThat(Rtp.ssrc(recovered, 0)).isEqualTo(viewer.videoSsrc());
        assertThat(recovered[12]).isEqualTo(lost[12]);
        assertThat(forwarder.counters.recovered).isEqualTo(1);

        fromMaster(VideoPackets.rtx(lost, MASTER_RTX_SSRC, 8));
        fromMaster(lost);
        assertThat(viewer.rtp).as("each packet once").hasSize(3);
        assertThat(forwarder.counters.rtpDuplicate).isEqualTo(2);
        now += 10 * settings.nackRetryInterval().toNanos();
        forwarder.tick(now);
        assertThat(nacks()).as("no NACK once repaired").hasSize(1);
    }

    @Test
    void rtxOnTheMastersPrimarySsrcOrBeforeItIsDropped() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(ParticipantId.viewer("v1"), viewer);
        fromMaster(VideoPackets.rtx(packet(99), MASTER_RTX_SSRC, 1));
        fromMaster(packet(100));
        fromMaster(packet(102));
        fromMaster(VideoPackets.rtx(packet(101), MASTER_SSRC, 1));
        assertThat(viewer.rtp).hasSize(2);
        assertThat(forwarder.counters.rtpUnknownSsrc).isEqualTo(2);
    }

    @Test
    void aGapTooLargeToNackAsksForAKeyframeInstead() {
        start();
        fromMaster(packet(100 + settings.nackMaxMissing() + 5));
        assertThat(nacks()).isEmpty();
        assertThat(plis()).hasSize(1);
    }

    @Test
    void aConfirmedSequenceRestartRebasesViewersAtTheNextKeyframe() {
        start();
        int far = 100 + settings.nackMaxDropout() + 10;
        fromMaster(packet(far));
        assertThat(forwarder.counters.rtpSequenceJump).isEqualTo(1);
        fromMaster(packet(far + 1));
        assertThat(plis()).hasSize(1);
        assertThat(viewer.rtp).as("waits for the keyframe").hasSize(1);
        fromMaster(VideoPackets.h264(MASTER_SSRC, far + 2, 50_000, VideoPackets.SPS));
        assertThat(viewer.rtp).hasSize(2);
        assertThat(Rtp.sequence(viewer.rtp.get(1), 0)).isEqualTo((Rtp.sequence(viewer.rtp.get(0), 0) + 1) & 0xFFFF);
    }
}
