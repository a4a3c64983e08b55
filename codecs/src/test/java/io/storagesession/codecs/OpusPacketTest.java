package io.storagesession.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** RFC 6716 §3.4's framing rules R1–R7, as {@link OpusPacket} applies them. */
class OpusPacketTest {
    /** Config 15: hybrid full band, 20 ms frames. */
    private static final int HYBRID_20MS = 15 << 3;
    /** Config 31: CELT full band, 20 ms; config 28: CELT full band, 2.5 ms. */
    private static final int CELT_20MS = 31 << 3;
    private static final int CELT_2_5MS = 28 << 3;

    @Test
    void durationsFollowTheConfiguration() {
        assertThat(OpusPacket.samples(new byte[] {(byte) HYBRID_20MS, 1, 2}, 0, 3)).isEqualTo(960);
        assertThat(OpusPacket.samples(new byte[] {(byte) (1 << 3)}, 0, 1)).as("SILK NB 20 ms, empty frame").isEqualTo(960);
        assertThat(OpusPacket.samples(new byte[] {(byte) (3 << 3), 9}, 0, 2)).as("SILK NB 60 ms").isEqualTo(2880);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_2_5MS | 1), 1, 2}, 0, 3)).isEqualTo(240);
    }

    @Test
    void codeOneNeedsAnEvenPayload() {
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 1), 1, 2}, 0, 3)).isEqualTo(1920);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 1), 1, 2, 3}, 0, 4)).isEqualTo(OpusPacket.MALFORMED);
    }

    @Test
    void codeTwoLengthsMustFit() {
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 2), 2, 7, 7, 9}, 0, 5)).isEqualTo(1920);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 2), 9, 7}, 0, 3)).isEqualTo(OpusPacket.MALFORMED);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 2), (byte) 252}, 0, 2)).isEqualTo(OpusPacket.MALFORMED);
    }

    @Test
    void codeThreeChecksCountPaddingAndVbrLengths() {
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), 2, 5, 5}, 0, 4)).isEqualTo(1920);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), 0}, 0, 2)).as("no frames").isEqualTo(OpusPacket.MALFORMED);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), 7}, 0, 2)).as("140 ms").isEqualTo(OpusPacket.MALFORMED);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), 2, 5}, 0, 3)).as("CBR split").isEqualTo(OpusPacket.MALFORMED);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), 0x41, 3, 1, 2, 3}, 0, 6)).isEqualTo(960);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), 0x41, 9, 1}, 0, 4)).as("padding overruns")
                .isEqualTo(OpusPacket.MALFORMED);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), 0x41, (byte) 255}, 0, 3))
                .as("padding continues past the end").isEqualTo(OpusPacket.MALFORMED);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), (byte) 0x82, 1, 5, 6}, 0, 5)).isEqualTo(1920);
        assertThat(OpusPacket.samples(new byte[] {(byte) (CELT_20MS | 3), (byte) 0x82, 9, 5}, 0, 4))
                .as("VBR length overruns").isEqualTo(OpusPacket.MALFORMED);
    }

    @Test
    void emptyOrOutOfRangeInputIsMalformed() {
        assertThat(OpusPacket.samples(new byte[0], 0, 0)).isEqualTo(OpusPacket.MALFORMED);
        assertThat(OpusPacket.samples(new byte[2], 1, 2)).isEqualTo(OpusPacket.MALFORMED);
    }

    @Property
    void neverThrowsAndNeverClaimsMoreThan120Ms(@ForAll byte[] packet) {
        int samples = OpusPacket.samples(packet, 0, packet.length);
        assertThat(samples).isBetween(OpusPacket.MALFORMED, Opus.MAX_PACKET_SAMPLES);
    }
}
