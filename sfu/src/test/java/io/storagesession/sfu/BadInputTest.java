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
import org.junit.jupiter.api.Test;

/** What participants may send that is wrong: dropped, counted, and the session goes on as before. */
class BadInputTest {
    private static final int MASTER_SSRC = 0x1111;
    private static final ParticipantId V1 = ParticipantId.viewer("v1");
    private long now = 5_000_000_000L;
    private final VideoForwarder forwarder = new VideoForwarder(SfuSettings.defaults(), () -> now);
    private final RecordingOut master = RecordingOut.master(0x0A);
    private final RecordingOut viewer = RecordingOut.viewer(0x0B);
    private int nextSequence = 100;

    private void fromMaster(byte[] p) {
        forwarder.rtp(ParticipantId.MASTER, MediaKind.VIDEO, p, 0, p.length);
    }

    private void running() {
        forwarder.connected(ParticipantId.MASTER, master);
        forwarder.connected(V1, viewer);
        fromMaster(VideoPackets.h264(MASTER_SSRC, nextSequence++, 0, VideoPackets.SPS));
    }

    /** The session is unharmed: the next packet is forwarded and a NACK for it answered. */
    private void stillForwardsAndAnswers() {
        int before = viewer.rtp.size();
        fromMaster(VideoPackets.h264(MASTER_SSRC, nextSequence++, 3000, VideoPackets.SLICE));
        assertThat(viewer.rtp).hasSize(before + 1);
        byte[] nack = new byte[32];
        int n = RtcpFeedback.nack(nack, 0, 1, viewer.videoSsrc(), Rtp.sequence(viewer.rtp.get(before), 0), 0);
        forwarder.rtcp(V1, RtcpCompound.of(nack, 0, n));
        assertThat(viewer.rtp).hasSize(before + 2);
    }

    @Test
    void rtpFromAnUnknownSsrcIsDropped() {
        running();
        fromMaster(VideoPackets.h264(0x9999, nextSequence, 0, VideoPackets.SPS));
        assertThat(forwarder.counters.rtpUnknownSsrc).isEqualTo(1);
        assertThat(viewer.rtp).hasSize(1);
        stillForwardsAndAnswers();
    }

    @Test
    void onlySsrcsTheMasterAnnouncedAreTaken() {
        RecordingOut announcing = RecordingOut.master(0x0A).answeringVideo(new RtpParameters(Direction.SENDONLY,
                List.of(102), Map.of(103, 102), List.of(0x4444L, 0x5555L), Map.of()));
        forwarder.connected(ParticipantId.MASTER, announcing);
        forwarder.connected(V1, viewer);
        fromMaster(VideoPackets.h264(MASTER_SSRC, 1, 0, VideoPackets.SPS));
        fromMaster(VideoPackets.h264(0x4444, 1, 0, VideoPackets.SPS));
        assertThat(forwarder.counters.rtpUnknownSsrc).isEqualTo(1);
        assertThat(viewer.rtp).hasSize(1);
    }

    @Test
    void rtpWithAPayloadTypeTheMasterDidNotAnswerIsDropped() {
        running();
        byte[] p = VideoPackets.h264(MASTER_SSRC, nextSequence, 0, VideoPackets.SLICE);
        p[1] = 120;
        fromMaster(p);
        p[1] = 106;
        RecordingOut onlyBaseline = RecordingOut.master(0x0A).answeringVideo(new RtpParameters(Direction.SENDONLY,
                List.of(102), Map.of(), List.of(), Map.of()));
        forwarder.connected(ParticipantId.MASTER, onlyBaseline);
        fromMaster(p);
        assertThat(forwarder.counters.rtpUnknownPayloadType).isEqualTo(2);
        assertThat(viewer.rtp).hasSize(1);
    }

    @Test
    void truncatedAndOversizedRtpIsDropped() {
        running();
        byte[] good = VideoPackets.h264WithExtensions(MASTER_SSRC, nextSequence, 0, VideoPackets.SLICE, 2, 3, 4);
        fromMaster(Arrays.copyOf(good, 11));
        fromMaster(Arrays.copyOf(good, 14));
        byte[] badVersion = good.clone();
        badVersion[0] = 0x40;
        fromMaster(badVersion);
        byte[] csrcsPastTheEnd = VideoPackets.h264(MASTER_SSRC, nextSequence, 0, VideoPackets.SLICE);
        csrcsPastTheEnd[0] |= 0x0F;
        fromMaster(csrcsPastTheEnd);
        fromMaster(Arrays.copyOf(good, SfuSettings.defaults().video().maxPacketBytes() + 1));
        assertThat(forwarder.counters.rtpMalformed).isEqualTo(5);
        assertThat(viewer.rtp).hasSize(1);
        stillForwardsAndAnswers();
    }

    @Test
    void anAbsurdSequenceJumpIsDropped() {
        running();
        fromMaster(VideoPackets.h264(MASTER_SSRC, nextSequence + 30_000, 0, VideoPackets.SLICE));
        fromMaster(VideoPackets.h264(MASTER_SSRC, nextSequence - 20_000, 0, VideoPackets.SLICE));
        assertThat(forwarder.counters.rtpSequenceJump).isEqualTo(2);
        assertThat(viewer.rtp).hasSize(1);
        stillForwardsAndAnswers();
    }

    @Test
    void rtcpWithALengthPastTheEndIsDroppedButWhatCameBeforeIsUsed() {
        running();
        byte[] rtcp = new byte[64];
        int n = RtcpFeedback.nack(rtcp, 0, 1, viewer.videoSsrc(), Rtp.sequence(viewer.rtp.get(0), 0), 0);
        n += RtcpFeedback.pli(rtcp, n, 1, viewer.videoSsrc());
        rtcp[n - RtcpFeedback.PLI_LENGTH + 3] = 40;
        forwarder.rtcp(V1, RtcpCompound.of(rtcp, 0, n));
        assertThat(forwarder.counters.rtcpMalformed).isEqualTo(1);
        assertThat(forwarder.counters.retransmissions).isEqualTo(1);
        stillForwardsAndAnswers();
    }

    @Test
    void aNackWithoutFciAFirWithoutEntryAndABadVersionAreMalformed() {
        running();
        int requestsBefore = (int) forwarder.counters.keyframeRequests;
        byte[] rtcp = new byte[64];
        RtcpFeedback.nack(rtcp, 0, 1, viewer.videoSsrc(), 1, 0);
        rtcp[3] = 2;
        forwarder.rtcp(V1, RtcpCompound.of(rtcp, 0, 12));
        RtcpFeedback.fir(rtcp, 0, 1, viewer.videoSsrc(), 1);
        rtcp[3] = 2;
        now += 1_000_000_000L;
        forwarder.rtcp(V1, RtcpCompound.of(rtcp, 0, 12));
        RtcpFeedback.pli(rtcp, 0, 1, viewer.videoSsrc());
        rtcp[0] = 0x41;
        forwarder.rtcp(V1, RtcpCompound.of(rtcp, 0, 12));
        forwarder.rtcp(ParticipantId.MASTER, RtcpCompound.of(rtcp, 0, 3));
        assertThat(forwarder.counters.rtcpMalformed).isEqualTo(4);
        assertThat(forwarder.counters.keyframeRequests).isEqualTo(requestsBefore);
        stillForwardsAndAnswers();
    }

    @Test
    void unknownRtcpTypesAreCountedAndSkipped() {
        running();
        byte[] rtcp = new byte[64];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 195;
        rtcp[3] = 1;
        int n = 8 + RtcpFeedback.nack(rtcp, 8, 1, viewer.videoSsrc(), Rtp.sequence(viewer.rtp.get(0), 0), 0);
        forwarder.rtcp(V1, RtcpCompound.of(rtcp, 0, n));
        assertThat(forwarder.counters.rtcpUnknownType).isEqualTo(1);
        assertThat(forwarder.counters.retransmissions).as("the NACK after it still counts").isEqualTo(1);
    }

    @Test
    void aTruncatedMasterSenderReportIsNotUsed() {
        running();
        byte[] sr = new byte[64];
        RtcpFeedback.senderReport(sr, 0, MASTER_SSRC, 1L << 32, 0, 0, 0);
        sr[3] = 2;
        forwarder.rtcp(ParticipantId.MASTER, RtcpCompound.of(sr, 0, 12));
        assertThat(forwarder.counters.rtcpMalformed).isEqualTo(1);
        assertThat(forwarder.counters.masterSenderReports).isZero();
    }
}
