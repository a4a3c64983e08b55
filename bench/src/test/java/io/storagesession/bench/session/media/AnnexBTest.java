package io.storagesession.bench.session.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Annex B splitting and access-unit grouping, on well-formed and hostile byte streams. */
class AnnexBTest {
    private static final byte[] AUD = {9, (byte) 0xF0};
    private static final byte[] SPS = {0x67, 0x42, 0x00, 0x1F};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, 0x01, 0x02};
    private static final byte[] P_SLICE = {0x41, (byte) 0x9A, 0x03};

    private static byte[] stream(byte[]... nals) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean four = true;
        for (byte[] nal : nals) {
            out.writeBytes(four ? new byte[] {0, 0, 0, 1} : new byte[] {0, 0, 1});
            out.writeBytes(nal);
            four = !four;
        }
        return out.toByteArray();
    }

    @Test
    void splitsThreeAndFourByteStartCodes() {
        List<byte[]> nals = AnnexB.nalUnits(stream(SPS, PPS, IDR));
        assertThat(nals).containsExactly(SPS, PPS, IDR);
    }

    @Test
    void groupsByDelimitersAndDropsThem() {
        List<List<byte[]>> units = AnnexB.accessUnits(AnnexB.nalUnits(stream(AUD, SPS, PPS, IDR, AUD, P_SLICE,
                AUD, P_SLICE)));
        assertThat(units).hasSize(3);
        assertThat(units.get(0)).containsExactly(SPS, PPS, IDR);
        assertThat(AnnexB.isKeyframe(units.get(0))).isTrue();
        assertThat(AnnexB.isKeyframe(units.get(1))).isFalse();
    }

    @Test
    void groupsWithoutDelimitersByFirstMacroblock() {
        List<List<byte[]>> units = AnnexB.accessUnits(AnnexB.nalUnits(stream(SPS, PPS, IDR, P_SLICE, P_SLICE)));
        assertThat(units).hasSize(3);
    }

    @Test
    void hostileStreamsNeverThrow() {
        assertThat(AnnexB.nalUnits(new byte[0])).isEmpty();
        assertThat(AnnexB.nalUnits(new byte[] {1, 2, 3, 4})).isEmpty();
        assertThat(AnnexB.nalUnits(new byte[] {0, 0, 1})).isEmpty();
        assertThat(AnnexB.nalUnits(new byte[] {0, 0, 0, 1, 0, 0, 0, 1})).isEmpty();
        assertThat(AnnexB.accessUnits(List.of())).isEmpty();
        Random random = new Random(2);
        for (int round = 0; round < 10_000; round++) {
            byte[] b = new byte[random.nextInt(64)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(4) == 0 ? 1 : random.nextInt(256));
            }
            List<List<byte[]>> units = AnnexB.accessUnits(AnnexB.nalUnits(b));
            units.forEach(u -> assertThat(u).allMatch(n -> n.length > 0));
        }
    }

    @Test
    void largeNalUnitsBecomeFuAFragmentsThatRebuildThem() {
        byte[] nal = new byte[5_000];
        new Random(3).nextBytes(nal);
        nal[0] = 0x65;
        List<byte[]> payloads = H264Packets.payloads(List.of(SPS, nal), 1_188);
        assertThat(payloads.get(0)).isEqualTo(SPS);
        assertThat(payloads).allMatch(p -> p.length <= 1_188);
        java.io.ByteArrayOutputStream rebuilt = new java.io.ByteArrayOutputStream();
        rebuilt.write(payloads.get(1)[0] & 0xE0 | payloads.get(1)[1] & 0x1F);
        for (int i = 1; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            assertThat(p[0] & 0x1F).isEqualTo(28);
            assertThat((p[1] & 0x80) != 0).isEqualTo(i == 1);
            assertThat((p[1] & 0x40) != 0).isEqualTo(i == payloads.size() - 1);
            rebuilt.write(p, 2, p.length - 2);
        }
        assertThat(rebuilt.toByteArray()).isEqualTo(nal);
    }
}
