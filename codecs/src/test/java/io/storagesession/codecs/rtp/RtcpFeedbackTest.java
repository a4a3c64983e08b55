package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.Demux;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The RTCP the server writes, byte for byte against the RFCs' layouts. */
class RtcpFeedbackTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void pliFirNackAndReceiverReportHaveTheRfcLayouts() {
        byte[] buf = new byte[64];
        int n = RtcpFeedback.emptyReceiverReport(buf, 0, 0x11223344);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo("80c9000111223344");
        n = RtcpFeedback.pli(buf, 0, 1, 0xAABBCCDD);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo("81ce000200000001aabbccdd");
        n = RtcpFeedback.fir(buf, 0, 1, 0xAABBCCDD, 7);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo("84ce00040000000100000000aabbccdd07000000");
        n = RtcpFeedback.nack(buf, 0, 1, 2, 0x1234, 0x8001);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo("81cd0003000000010000000212348001");
        assertThat(Demux.classify(buf, 0, n)).isEqualTo(Demux.Kind.RTCP);
    }

    @Test
    void nackFromLostSequenceNumbersPacksRunsIntoBlpAcrossTheWrap() {
        byte[] buf = new byte[64];
        int n = RtcpFeedback.nackLost(buf, 0, 1, 0x1234, new int[] {65_534, 65_535, 0, 5, 40}, 5);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo("81cd0004" + "00000001" + "00001234" + "fffe0043" + "00280000");
    }

    @Test
    void rembEncodesTheBitRateAsExponentAndMantissa() {
        byte[] buf = new byte[64];
        int n = RtcpFeedback.remb(buf, 0, 1, 1_000_000, 0x0A0B0C0D);
        assertThat(n).isEqualTo(24);
        assertThat(HEX.formatHex(buf, 0, 16)).isEqualTo("8fce00050000000100000000" + "52454d42");
        int word = ((buf[16] & 0xFF) << 24) | ((buf[17] & 0xFF) << 16) | ((buf[18] & 0xFF) << 8) | (buf[19] & 0xFF);
        int count = word >>> 24;
        int exponent = (word >>> 18) & 0x3F;
        int mantissa = word & 0x3FFFF;
        assertThat(count).isEqualTo(1);
        assertThat((long) mantissa << exponent).isBetween(1_000_000L - (1L << exponent), 1_000_000L);
        assertThat(HEX.formatHex(buf, 20, 24)).isEqualTo("0a0b0c0d");
    }

    @Test
    void senderReportHasTheRfc3550Layout() {
        byte[] buf = new byte[64];
        int n = RtcpFeedback.senderReport(buf, 0, 0x11223344, 0xE1234567_89ABCDEFL, 0xFFFF_FFF0L, 5, 0x1_0000_0002L);
        assertThat(n).isEqualTo(RtcpFeedback.SR_LENGTH);
        assertThat(HEX.formatHex(buf, 0, n))
                .isEqualTo("80c80006" + "11223344" + "e1234567" + "89abcdef" + "fffffff0" + "00000005" + "00000002");
    }

    @Test
    void aNackCarriesEveryFciEntryGiven() {
        byte[] buf = new byte[64];
        int n = RtcpFeedback.nack(buf, 0, 1, 2, new int[] {0x00640003, 0x01000000, 0x7777}, 2);
        assertThat(n).isEqualTo(RtcpFeedback.NACK_HEADER_LENGTH + 2 * RtcpFeedback.NACK_ITEM_LENGTH);
        assertThat(HEX.formatHex(buf, 0, n)).isEqualTo("81cd0004" + "00000001" + "00000002" + "00640003" + "01000000");
    }
}
