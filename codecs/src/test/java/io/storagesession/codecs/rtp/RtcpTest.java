package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 3550 Appendix A.2: a compound packet's length fields must chain to exactly the datagram's end. */
class RtcpTest {
    /** RR with no report blocks (8 bytes), then a PLI (12 bytes): what libwebrtc sends. */
    private static final byte[] RR_PLI = {
            (byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1,
            (byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};

    @Test
    void aCompoundPacketWhoseLengthsAddUpIsWellFormed() {
        assertThat(Rtcp.wellFormed(RR_PLI, 0, RR_PLI.length)).isTrue();
        byte[] shifted = new byte[RR_PLI.length + 5];
        System.arraycopy(RR_PLI, 0, shifted, 5, RR_PLI.length);
        assertThat(Rtcp.wellFormed(shifted, 5, RR_PLI.length)).isTrue();
    }

    @Test
    void lengthsThatOverrunFallShortOrLieAreRefused() {
        assertThat(Rtcp.wellFormed(RR_PLI, 0, RR_PLI.length - 1)).as("truncated").isFalse();
        assertThat(Rtcp.wellFormed(Arrays.copyOf(RR_PLI, RR_PLI.length + 4), 0, RR_PLI.length + 4))
                .as("trailing bytes").isFalse();
        byte[] overrun = RR_PLI.clone();
        overrun[3] = 9;
        assertThat(Rtcp.wellFormed(overrun, 0, overrun.length)).as("length beyond the datagram").isFalse();
        byte[] version1 = RR_PLI.clone();
        version1[8] = 0x41;
        assertThat(Rtcp.wellFormed(version1, 0, version1.length)).as("second packet not version 2").isFalse();
        byte[] padded = RR_PLI.clone();
        padded[0] |= 0x20;
        assertThat(Rtcp.wellFormed(padded, 0, padded.length)).as("padding on a packet that is not last").isFalse();
        assertThat(Rtcp.wellFormed(new byte[3], 0, 3)).as("shorter than a header").isFalse();
        assertThat(Rtcp.wellFormed(new byte[0], 0, 0)).isFalse();
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) (0x80 | (bytes[0] & 0x3F));
            }
            Rtcp.wellFormed(bytes, 0, bytes.length);
        }
    }
}
