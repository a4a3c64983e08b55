package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** What the drop-sender-reports impairment drops: (S)RTCP compounds that begin with a sender report, nothing else. */
class SenderReportsTest {
    private static final int OFFSET = 36;

    private static boolean begins(int... bytes) {
        ByteBuffer buf = ByteBuffer.allocate(OFFSET + bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            buf.put(OFFSET + i, (byte) bytes[i]);
        }
        return SenderReports.begins(buf, OFFSET, bytes.length);
    }

    @Test
    void aSenderReportIsTold() {
        assertThat(begins(0x80, 200, 0, 6, 1, 2, 3, 4)).isTrue();
        assertThat(begins(0x81, 200, 0, 12, 1, 2, 3, 4)).as("with one report block").isTrue();
    }

    @Test
    void receiverReportsRtpStunAndDtlsAreNot() {
        assertThat(begins(0x81, 201, 0, 7, 1, 2, 3, 4)).as("receiver report").isFalse();
        assertThat(begins(0x80, 96 | 0x80, 0, 1, 1, 2, 3, 4)).as("RTP, marker set, payload type 96").isFalse();
        assertThat(begins(0x00, 0x01, 0, 0, 0x21, 0x12, 0xA4, 0x42)).as("STUN binding request").isFalse();
        assertThat(begins(22, 0xFE, 0xFD, 0, 0, 0, 0, 0)).as("DTLS handshake").isFalse();
        assertThat(begins(0x80, 200, 0, 6)).as("too short for an SSRC").isFalse();
    }

    @Property
    void anyBytesAreJudgedWithoutThrowing(@ForAll byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        boolean sr = SenderReports.begins(buf, 0, bytes.length);
        assertThat(sr).isEqualTo(bytes.length >= 8 && (bytes[0] & 0xC0) == 0x80 && (bytes[1] & 0xFF) == 200);
    }
}
