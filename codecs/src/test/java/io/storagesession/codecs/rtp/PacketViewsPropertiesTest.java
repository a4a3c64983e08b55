package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.h264.H264Probe;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The per-packet readers face whatever a participant sends once SRTP lets it through (or before, for the demux): any
 * bytes must give an answer, never an exception, and offsets must stay inside the packet.
 */
class PacketViewsPropertiesTest {
    private static final int RTP_HEADER = 12;
    private static final int H264_PAYLOAD_TYPE = 102;
    private static final int LAST_H264_TYPE = 23;
    /** Bits 1-23: the NAL unit types of H.264 itself (ITU-T H.264 Table 7-1, RFC 6184 §5.2). */
    private static final int H264_NAL_TYPES = ((1 << (LAST_H264_TYPE + 1)) - 1) & ~1;
    private static final int STAP_A_TYPE = 24;
    private static final int FU_A_TYPE = 28;
    private static final int FU_START = 0x80;
    private static final int SINGLE = 0;
    private static final int STAP_A = 1;
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
    }

    @Property
    void anyBytesGiveOnlyH264sOwnNalTypes(@ForAll @Size(max = 96) byte[] packet) {
        assertThat(H264Probe.nalTypes(packet, 0, packet.length) & ~H264_NAL_TYPES)
                .as("bits other than NAL unit types 1-23 (RFC 6184 §5.2: 0 and 24-31 are no H.264 NAL units)")
                .isZero();
    }

    /**
     * A payload built from NAL units — one alone, several in a STAP-A, or the first or a later fragment of one in an
     * FU-A (RFC 6184 §5.6-5.8) — behind CSRCs: the types it begins are those of the units it was built from.
     */
    @Property
    void nalTypesAreTheTypesOfTheUnitsThePayloadBegins(@ForAll @IntRange(min = 0, max = 2) int packetization,
                                                       @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 0,
                                                               max = 31) Integer> types,
                                                       @ForAll boolean fuStart,
                                                       @ForAll @IntRange(min = 0, max = 15) int csrcs) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int expected = 0;
        switch (packetization) {
            case SINGLE -> {
                payload.write(types.get(0));
                payload.writeBytes(new byte[] {1, 2, 3});
                expected = h264Type(types.get(0));
            }
            case STAP_A -> {
                payload.write(STAP_A_TYPE);
                for (int type : types) {
                    byte[] unit = {(byte) type, 4, 5};
                    payload.write(0);
                    payload.write(unit.length);
                    payload.writeBytes(unit);
                    expected |= h264Type(type);
                }
            }
            default -> {
                payload.write(FU_A_TYPE);
                payload.write((fuStart ? FU_START : 0) | types.get(0));
                payload.writeBytes(new byte[] {6, 7});
                expected = fuStart ? h264Type(types.get(0)) : 0;
            }
        }
        byte[] packet = new byte[RTP_HEADER + csrcs * Integer.BYTES + payload.size()];
        packet[0] = (byte) (0x80 | csrcs);
        packet[1] = (byte) H264_PAYLOAD_TYPE;
        System.arraycopy(payload.toByteArray(), 0, packet, packet.length - payload.size(), payload.size());
        assertThat(H264Probe.nalTypes(packet, 0, packet.length)).isEqualTo(expected);
    }

    /** The bit of an H.264 NAL unit type (1-23), or none for the unspecified and packetization types. */
    private static int h264Type(int type) {
        return type >= 1 && type <= LAST_H264_TYPE ? 1 << type : 0;
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
