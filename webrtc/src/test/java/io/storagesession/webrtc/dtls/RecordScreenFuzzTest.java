package io.storagesession.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the screen every received datagram passes before Bouncy Castle's DTLS sees it
 * ({@link RecordScreen}: whole DTLS records, RFC 6347 §4.1, and well-framed epoch-0 records, §4.2.2–4.2.3). The
 * contract: any bytes give a verdict, never an exception, read only inside the datagram (it is read at an offset in
 * an array that ends where it ends); a datagram that passes, sent twice in one datagram, passes too (records are
 * independent), and one cut short by a byte does not. Without {@code JAZZER_FUZZ} only the seeds under
 * {@code RecordScreenFuzzTestInputs} run (README "Fuzzing").
 */
class RecordScreenFuzzTest {
    private static final int PREFIX = 7;

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void datagrams(byte[] datagram) {
        int len = datagram.length;
        byte[] buf = new byte[PREFIX + len];
        System.arraycopy(datagram, 0, buf, PREFIX, len);
        boolean passes = RecordScreen.passes(buf, PREFIX, len);
        if (!passes) {
            return;
        }
        assertThat(len).isPositive();
        byte[] twice = Arrays.copyOf(datagram, 2 * len);
        System.arraycopy(datagram, 0, twice, len, len);
        assertThat(RecordScreen.passes(twice, 0, twice.length)).isTrue();
        assertThat(RecordScreen.passes(datagram, 0, len - 1)).isFalse();
    }
}
