package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 3550 Appendix A.2: a compound packet's length fields must chain to exactly the datagram's end. */
class RtcpCompoundTest {
    /** RR with no report blocks (8 bytes), then a PLI (12 bytes): what libwebrtc sends. */
    private static final byte[] RR_PLI = {
            (byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1,
            (byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};

    @Test
    void aCompoundPacketWhoseLengthsAddUpIsWellFormed() {
        assertThat(RtcpCompound.of(RR_PLI, 0, RR_PLI.length).wellFormed()).isTrue();
        byte[] shifted = new byte[RR_PLI.length + 5];
        System.arraycopy(RR_PLI, 0, shifted, 5, RR_PLI.length);
        assertThat(RtcpCompound.of(shifted, 5, RR_PLI.length).wellFormed()).isTrue();
    }

    @Test
    void lengthsThatOverrunFallShortOrLieAreRefused() {
        assertThat(RtcpCompound.of(RR_PLI, 0, RR_PLI.length - 1).wellFormed()).as("truncated").isFalse();
        assertThat(RtcpCompound.of(Arrays.copyOf(RR_PLI, RR_PLI.length + 4), 0, RR_PLI.length + 4).wellFormed())
                .as("trailing bytes").isFalse();
        byte[] overrun = RR_PLI.clone();
        overrun[3] = 9;
        assertThat(RtcpCompound.of(overrun, 0, overrun.length).wellFormed()).as("length beyond the datagram").isFalse();
        byte[] version1 = RR_PLI.clone();
        version1[8] = 0x41;
        assertThat(RtcpCompound.of(version1, 0, version1.length).wellFormed()).as("second packet not version 2").isFalse();
        byte[] padded = RR_PLI.clone();
        padded[0] |= 0x20;
        assertThat(RtcpCompound.of(padded, 0, padded.length).wellFormed()).as("padding on a packet that is not last").isFalse();
        assertThat(RtcpCompound.of(new byte[3], 0, 3).wellFormed()).as("shorter than a header").isFalse();
        assertThat(RtcpCompound.of(new byte[0], 0, 0).wellFormed()).isFalse();
    }

    @Test
    void eachPacketIsIndexedOnceWithItsTypeFormatAndBounds() {
        RtcpCompound compound = RtcpCompound.of(RR_PLI, 0, RR_PLI.length);
        assertThat(compound.count()).isEqualTo(2);
        assertThat(compound.type(0)).isEqualTo(RtcpCompound.RR);
        assertThat(compound.type(1)).isEqualTo(RtcpCompound.PSFB);
        assertThat(compound.format(1)).isEqualTo(1);
        assertThat(compound.offset(1)).isEqualTo(8);
        assertThat(compound.length(1)).isEqualTo(12);
        assertThat(compound.mediaSsrc(1)).isEqualTo(2);
        assertThat(compound.malformed()).isFalse();
    }

    @Test
    void aPacketWhoseLengthRunsPastTheEndEndsTheWalkButKeepsWhatCameBefore() {
        byte[] overrun = RR_PLI.clone();
        overrun[11] = 9;
        RtcpCompound compound = RtcpCompound.of(overrun, 0, overrun.length);
        assertThat(compound.count()).isEqualTo(1);
        assertThat(compound.type(0)).isEqualTo(RtcpCompound.RR);
        assertThat(compound.malformed()).isTrue();
        assertThat(compound.wellFormed()).isFalse();
    }

    @Test
    void aReusedViewForgetsThePreviousCompoundAndGrowsForLongOnes() {
        RtcpCompound compound = new RtcpCompound();
        byte[] many = new byte[8 * 40];
        for (int i = 0; i < 40; i++) {
            many[i * 8] = (byte) 0x80;
            many[i * 8 + 1] = (byte) RtcpCompound.RR;
            many[i * 8 + 3] = 1;
        }
        assertThat(compound.parse(many, 0, many.length)).isTrue();
        assertThat(compound.count()).isEqualTo(40);
        assertThat(compound.offset(39)).isEqualTo(39 * 8);
        assertThat(compound.parse(RR_PLI, 0, RR_PLI.length)).isTrue();
        assertThat(compound.count()).isEqualTo(2);
        assertThat(compound.parse(new byte[3], 0, 3)).isFalse();
        assertThat(compound.count()).isZero();
        assertThat(compound.malformed()).isTrue();
    }

    @Test
    void aSenderReportsFieldsAreRead() {
        byte[] sr = new byte[28];
        int n = RtcpFeedback.senderReport(sr, 0, 0x1234, 0x0102_0304_0506_0708L, 0xCAFE, 1, 1);
        RtcpCompound compound = RtcpCompound.of(sr, 0, n);
        assertThat(compound.senderReport(0)).isTrue();
        assertThat(compound.senderSsrc(0)).isEqualTo(0x1234);
        assertThat(compound.senderNtp(0)).isEqualTo(0x0102_0304_0506_0708L);
        assertThat(compound.senderRtpTimestamp(0)).isEqualTo(0xCAFE);
        sr[3] = 2;
        assertThat(RtcpCompound.of(sr, 0, 12).senderReport(0)).as("too short for sender info").isFalse();
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
            RtcpCompound compound = RtcpCompound.of(bytes, 0, bytes.length);
            for (int p = 0; p < compound.count(); p++) {
                assertThat(compound.offset(p) + compound.length(p)).isLessThanOrEqualTo(bytes.length);
            }
        }
    }
}
