package io.storagesession.bench.session.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.rtp.Demux;
import io.storagesession.codecs.rtp.RtcpCompound;
import io.storagesession.codecs.rtp.RtcpFeedback;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The NACKs a participant writes and the feedback it reads back, and the reader fed hostile bytes. */
class ServerFeedbackTest {
    private static final int FUZZ_ROUNDS = 20_000;
    private final RtcpCompound compound = new RtcpCompound();

    @Test
    void nackRoundTripAcrossTheSequenceWrap() {
        byte[] b = new byte[256];
        int[] lost = {65_534, 65_535, 0, 5, 40};
        int n = RtcpFeedback.nackLost(b, 0, 1, 0x1234, lost, lost.length);
        assertThat(Demux.classify(b, 0, n)).isEqualTo(Demux.Kind.RTCP);
        List<Integer> read = new ArrayList<>();
        Recorder recorder = new Recorder(read);
        assertThat(read(b, 0, n, recorder)).isEqualTo(1);
        assertThat(read).containsExactly(65_534, 65_535, 0, 5, 40);
        assertThat(recorder.ssrc).isEqualTo(0x1234);
    }

    @Test
    void readsPliAndFirInACompoundAfterAReceiverReport() {
        byte[] b = new byte[64];
        int n = RtcpFeedback.emptyReceiverReport(b, 0, 9);
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
        assertThat(read(b, 0, n, recorder)).isEqualTo(3);
        assertThat(recorder.keyframes).containsExactly(7, 8);
    }

    @Test
    void hostileRtcpNeverThrows() {
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
            read(b, off, len, recorder);
            recorder.read.clear();
        }
    }

    /** As the peer does: one reused view parses the compound, then the feedback is read out of it. */
    private int read(byte[] b, int off, int len, Recorder recorder) {
        compound.parse(b, off, len);
        return ServerFeedback.read(compound, recorder);
    }

    private static final class Recorder implements ServerFeedback.Listener {
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
