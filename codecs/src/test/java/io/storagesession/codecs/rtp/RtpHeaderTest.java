package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RTP headers written (with the RFC 6464 level in an RFC 8285 one-byte extension) and read back; hostile bytes. */
class RtpHeaderTest {
    private static final int FUZZ_ROUNDS = 20_000;

    @Test
    void rtpHeaderRoundTrip() {
        byte[] b = new byte[64];
        int h = Rtp.writeHeader(b, 4, false, 111, 65_535, 0xFFFF_FFF0L, 0xCAFEBABE);
        h += AudioLevelExtension.append(b, 4, 1, true, 30);
        assertThat(Rtp.headerLength(b, 4, h + 10)).isEqualTo(h);
        assertThat(Rtp.sequence(b, 4)).isEqualTo(65_535);
        assertThat(Rtp.timestamp(b, 4)).isEqualTo(0xFFFF_FFF0L);
        assertThat(Rtp.ssrc(b, 4)).isEqualTo(0xCAFEBABE);
        assertThat(Rtp.payloadType(b, 4)).isEqualTo(111);
        assertThat(Rtp.marker(b, 4)).isFalse();
        assertThat(b[4 + 12 + 4]).isEqualTo((byte) 0x10);
        assertThat(b[4 + 12 + 5]).isEqualTo((byte) (0x80 | 30));
    }

    @Test
    void rtpHeaderRefusesWhatCannotBeRtp() {
        byte[] b = new byte[20];
        Rtp.writeHeader(b, 0, true, 102, 1, 2, 3);
        assertThat(Rtp.headerLength(b, 0, 11)).isEqualTo(-1);
        b[0] = 0x40;
        assertThat(Rtp.headerLength(b, 0, 20)).isEqualTo(-1);
        b[0] = (byte) 0x90; // extension announced, its header missing
        assertThat(Rtp.headerLength(b, 0, 12)).isEqualTo(-1);
        b[14] = (byte) 0xFF; // extension longer than the packet
        b[15] = (byte) 0xFF;
        assertThat(Rtp.headerLength(b, 0, 20)).isEqualTo(-1);
        b[0] = (byte) 0xA0; // padding count beyond the payload
        b[19] = 100;
        assertThat(Rtp.headerLength(b, 0, 20)).isEqualTo(-1);
        b[0] = (byte) 0x8F; // 15 CSRCs in 20 bytes
        assertThat(Rtp.headerLength(b, 0, 20)).isEqualTo(-1);
    }

    @Test
    void hostileRtpNeverThrows() {
        Random random = new Random(4);
        for (int round = 0; round < FUZZ_ROUNDS; round++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) (0x80 | b[0] & 0x3F);
            }
            int off = b.length == 0 ? 0 : random.nextInt(b.length);
            int len = b.length - off;
            int h = Rtp.headerLength(b, off, len);
            assertThat(h).isLessThanOrEqualTo(len);
        }
    }
}
