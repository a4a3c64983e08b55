package io.storagesession.recorder.mkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.OpusHead;
import io.storagesession.codecs.mkv.MatroskaIds;
import org.junit.jupiter.api.Test;

/** EBML encodings checked against the worked values of RFC 8794 §4 and §7. */
class EbmlTest {
    private final MkvBuffer out = new MkvBuffer(1);

    @Test
    void vintUsesTheShortestLengthAndAvoidsTheReservedAllOnesValue() {
        assertThat(Ebml.vintLength(0)).isOne();
        assertThat(Ebml.vintLength(126)).isOne();
        assertThat(Ebml.vintLength(127)).as("0xFF would mean unknown size").isEqualTo(2);
        assertThat(Ebml.vintLength((1L << 14) - 2)).isEqualTo(2);
        assertThat(Ebml.vintLength((1L << 56) - 2)).isEqualTo(Ebml.MAX_VINT_LENGTH);
        assertThatThrownBy(() -> Ebml.vintLength((1L << 56) - 1)).isInstanceOf(IllegalArgumentException.class);
        Ebml.writeVint(out, 2);
        Ebml.writeVint(out, 127);
        assertThat(out.toByteArray()).containsExactly(0x82, 0x40, 0x7F);
    }

    @Test
    void unknownSizeIsEightOctetsOfOnes() {
        Ebml.writeUnknownSize(out);
        assertThat(out.toByteArray()).containsExactly(0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void integersUseTheFewestOctets() {
        Ebml.writeUnsigned(out, MatroskaIds.TRACK_NUMBER, 0);
        Ebml.writeUnsigned(out, MatroskaIds.TIMECODE_SCALE, 1_000_000);
        Ebml.writeSigned(out, MatroskaIds.TRACK_NUMBER, -1);
        Ebml.writeSigned(out, MatroskaIds.TRACK_NUMBER, 128);
        assertThat(out.toByteArray()).containsExactly(
                0xD7, 0x81, 0x00,
                0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40,
                0xD7, 0x81, 0xFF,
                0xD7, 0x82, 0x00, 0x80);
    }

    @Test
    void masterSizeIsPatchedAfterItsContentAndTheBufferGrows() {
        int master = Ebml.startMaster(out, MatroskaIds.TRACKS);
        Ebml.writeBinary(out, MatroskaIds.CODEC_PRIVATE, new byte[300]);
        Ebml.endMaster(out, master);
        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith(0x16, 0x54, 0xAE, 0x6B, 0x10, 0x00, 0x01, 0x30);
        assertThat(bytes).hasSize(4 + 4 + 304);
        out.reset();
        assertThat(out.length()).isZero();
        assertThat(out.array().length).as("the grown array is kept").isGreaterThanOrEqualTo(bytes.length);
    }

    @Test
    void codecPrivatesFollowTheirSpecifications() {
        assertThat(AudioSpecificConfig.aacLc(48_000, 2)).containsExactly(0x11, 0x90);
        assertThat(AudioSpecificConfig.aacLc(48_000, 1)).containsExactly(0x11, 0x88);
        byte[] head = OpusHead.of(2);
        assertThat(head).hasSize(OpusHead.LENGTH).startsWith("OpusHead".getBytes());
        assertThat(head).endsWith(1, 2, 0x38, 0x01, 0x80, 0xBB, 0x00, 0x00, 0x00, 0x00, 0x00);
        assertThat(AudioTrack.opus(2).codecDelayNanos()).isEqualTo(6_500_000L);
    }
}
