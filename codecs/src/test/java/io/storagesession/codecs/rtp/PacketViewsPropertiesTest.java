package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.h264.H264Probe;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The per-packet readers face whatever a participant sends once SRTP lets it through (or before, for the demux): any
 * bytes must give an answer, never an exception, and offsets must stay inside the packet.
 */
class PacketViewsPropertiesTest {
    @Property
    void anyBytesAreClassifiedWithoutThrowing(@ForAll @Size(max = 64) byte[] packet) {
        assertThat(Demux.classify(packet, 0, packet.length)).isNotNull();
    }

    @Property
    void rtpOffsetsStayInsideThePacket(@ForAll @Size(min = 12, max = 96) byte[] packet) {
        packet[0] = (byte) (0x80 | (packet[0] & 0x3F));
        int offset = Rtp.payloadOffset(packet, 0, packet.length);
        int length = Rtp.payloadLength(packet, 0, packet.length);
        assertThat(offset).isBetween(-1, packet.length);
        if (offset >= 0 && length >= 0) {
            assertThat(offset + length).isLessThanOrEqualTo(packet.length);
        }
        assertThat(H264Probe.nalTypes(packet, 0, packet.length)).isNotNegative();
    }

    @Test
    void demuxFollowsRfc7983AndRfc5761() {
        assertThat(Demux.classify(new byte[] {0, 1, 0, 0}, 0, 4)).isEqualTo(Demux.Kind.STUN);
        assertThat(Demux.classify(new byte[] {22, (byte) 0xFE, (byte) 0xFD}, 0, 3)).isEqualTo(Demux.Kind.DTLS);
        byte[] rtcp = {(byte) 0x81, (byte) 200, 0, 6, 0, 0, 0, 1};
        assertThat(Demux.classify(rtcp, 0, rtcp.length)).isEqualTo(Demux.Kind.RTCP);
        byte[] rtp = new byte[12];
        rtp[0] = (byte) 0x80;
        rtp[1] = (byte) 111;
        assertThat(Demux.classify(rtp, 0, rtp.length)).isEqualTo(Demux.Kind.RTP);
        assertThat(Demux.classify(new byte[] {(byte) 0x80, 111}, 0, 2)).isEqualTo(Demux.Kind.OTHER);
        assertThat(Demux.classify(new byte[] {70}, 0, 1)).isEqualTo(Demux.Kind.OTHER);
    }

    @Test
    void h264ProbeSeesSingleNalStapAAndFuAStarts() {
        byte[] single = {(byte) 0x80, 102, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x67, 0x42};
        assertThat(H264Probe.nalTypes(single, 0, single.length)).isEqualTo(1 << H264Probe.NAL_SPS);
        byte[] stap = {(byte) 0x80, 102, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 24, 0, 2, 0x67, 0x42, 0, 1, 0x68};
        assertThat(H264Probe.nalTypes(stap, 0, stap.length))
                .isEqualTo((1 << H264Probe.NAL_SPS) | (1 << H264Probe.NAL_PPS));
        byte[] fuStart = {(byte) 0x80, 102, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 28, (byte) 0x85, 1};
        assertThat(H264Probe.nalTypes(fuStart, 0, fuStart.length)).isEqualTo(1 << H264Probe.NAL_IDR);
        byte[] fuMiddle = {(byte) 0x80, 102, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 28, 0x05, 1};
        assertThat(H264Probe.nalTypes(fuMiddle, 0, fuMiddle.length)).isZero();
    }
}
