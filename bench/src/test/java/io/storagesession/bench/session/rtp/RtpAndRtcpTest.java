package io.storagesession.bench.session.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RTP headers and RTCP feedback written and read back, and readers fed hostile bytes. */
class RtpAndRtcpTest {
    private static final int FUZZ_ROUNDS = 20_000;

    @Test
    void rtpHeaderRoundTrip() {
        byte[] b = new byte[64];
        int h = RtpHeader.writeWithAudioLevel(b, 4, 111, 65_535, 0xFFFF_FFF0L, 0xCAFEBABE, 1, true, 30);
        assertThat(RtpHeader.headerLength(b, 4, h + 10)).isEqualTo(h);
        assertThat(RtpHeader.sequence(b, 4)).isEqualTo(65_535);
        assertThat(RtpHeader.timestamp(b, 4)).isEqualTo(0xFFFF_FFF0L);
        assertThat(RtpHeader.ssrc(b, 4)).isEqualTo(0xCAFEBABE);
        assertThat(RtpHeader.payloadType(b, 4)).isEqualTo(111);
        assertThat(RtpHeader.marker(b, 4)).isFalse();
        assertThat(b[4 + 12 + 4]).isEqualTo((byte) 0x10);
        assertThat(b[4 + 12 + 5]).isEqualTo((byte) (0x80 | 30));
    }

    @Test
    void rtpHeaderRefusesWhatCannotBeRtp() {
        byte[] b = new byte[20];
        RtpHeader.write(b, 0, true, 102, 1, 2, 3);
        assertThat(RtpHeader.headerLength(b, 0, 11)).isEqualTo(-1);
        b[0] = 0x40;
        assertThat(RtpHeader.headerLength(b, 0, 20)).isEqualTo(-1);
        b[0] = (byte) 0x90; // extension announced, its header missing
        assertThat(RtpHeader.headerLength(b, 0, 12)).isEqualTo(-1);
        b[14] = (byte) 0xFF; // extension longer than the packet
        b[15] = (byte) 0xFF;
        assertThat(RtpHeader.headerLength(b, 0, 20)).isEqualTo(-1);
        b[0] = (byte) 0xA0; // padding count beyond the payload
        b[19] = 100;
        assertThat(RtpHeader.headerLength(b, 0, 20)).isEqualTo(-1);
        b[0] = (byte) 0x8F; // 15 CSRCs in 20 bytes
        assertThat(RtpHeader.headerLength(b, 0, 20)).isEqualTo(-1);
    }

    @Test
    void nackRoundTripAcrossTheSequenceWrap() {
        byte[] b = new byte[256];
        int[] lost = {65_534, 65_535, 0, 5, 40};
        int n = Rtcp.writeNack(b, 0, 1, 0x1234, lost, lost.length);
        assertThat(Rtcp.isRtcp(b, 0, n)).isTrue();
        List<Integer> read = new ArrayList<>();
        Recorder recorder = new Recorder(read);
        assertThat(Rtcp.read(b, 0, n, recorder)).isEqualTo(1);
        assertThat(read).containsExactly(65_534, 65_535, 0, 5, 40);
        assertThat(recorder.ssrc).isEqualTo(0x1234);
    }

    @Test
    void readsPliAndFirInACompoundAfterAReceiverReport() {
        byte[] b = new byte[64];
        int n = Rtcp.writeEmptyReceiverReport(b, 0, 9);
        int[] pli = {0x81, 206, 0, 2, 0, 0, 0, 9, 0, 0, 0, 7};
        for (int i = 0; i < pli.length; i++) {
            b[n + i] = (byte) pli[i];
        }
        n += pli.length;
        int[] fir = {0x84, 206, 0, 4, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 8, 1, 0, 0, 0};
        for (int i = 0; i < fir.length; i++) {
            b[n + i] = (byte) fir[i];
        }
        n += fir.length;
        Recorder recorder = new Recorder(new ArrayList<>());
        assertThat(Rtcp.read(b, 0, n, recorder)).isEqualTo(3);
        assertThat(recorder.keyframes).containsExactly(7, 8);
    }

    @Test
    void hostileRtcpAndRtpNeverThrow() {
        Random random = new Random(4);
        Recorder recorder = new Recorder(new ArrayList<>());
        for (int round = 0; round < FUZZ_ROUNDS; round++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) (0x80 | b[0] & 0x3F);
            }
            int off = b.length == 0 ? 0 : random.nextInt(b.length);
            int len = b.length - off;
            Rtcp.read(b, off, len, recorder);
            int h = RtpHeader.headerLength(b, off, len);
            assertThat(h).isLessThanOrEqualTo(len);
            recorder.read.clear();
        }
    }

    private static final class Recorder implements Rtcp.Listener {
        final List<Integer> read;
        final List<Integer> keyframes = new ArrayList<>();
        int ssrc;

        Recorder(List<Integer> read) {
            this.read = read;
        }

        @Override
        public void keyframeRequested(int mediaSsrc) {
            keyframes.add(mediaSsrc);
        }

        @Override
        public void nacked(int mediaSsrc, int sequence) {
            ssrc = mediaSsrc;
            read.add(sequence);
        }
    }
}
