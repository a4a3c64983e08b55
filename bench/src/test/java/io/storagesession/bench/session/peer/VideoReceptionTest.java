package io.storagesession.bench.session.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Loss after repair, late packets and freezes, judged from sequence numbers, timestamps and arrival times. */
class VideoReceptionTest {
    private static final long MS = 1_000_000;
    private static final long FRAME_TICKS = 3_000;

    private final VideoReception reception = new VideoReception(10 * MS, 100 * MS, 1_000 * MS, 150, 100 * MS);
    private final int[] nacks = new int[64];

    @Test
    void aGapIsNackedRepairedByRtxAndNotLost() {
        reception.media(65_534, 0, false, 0);
        reception.media(1, 0, true, MS); // 65535 and 0 missing across the wrap
        assertThat(reception.tick(5 * MS, nacks)).isZero();
        assertThat(reception.tick(12 * MS, nacks)).isEqualTo(2);
        assertThat(nacks[0]).isEqualTo(65_535);
        assertThat(nacks[1]).isZero();
        reception.retransmission(65_535);
        reception.retransmission(0);
        reception.retransmission(0);
        reception.tick(2_000 * MS, nacks);
        assertThat(reception.repaired).isEqualTo(2);
        assertThat(reception.retransmissionsUseless).isEqualTo(1);
        assertThat(reception.lost).isZero();
        assertThat(reception.decided).isEqualTo(4);
    }

    @Test
    void whatIsNeverRepairedIsLostAfterTheTimeoutAndNackedAgainMeanwhile() {
        reception.media(10, 0, false, 0);
        reception.media(13, 0, false, 0);
        assertThat(reception.tick(20 * MS, nacks)).isEqualTo(2);
        assertThat(reception.tick(60 * MS, nacks)).isZero();
        assertThat(reception.tick(130 * MS, nacks)).isEqualTo(2);
        reception.tick(1_100 * MS, nacks);
        assertThat(reception.lost).isEqualTo(2);
    }

    @Test
    void latePacketsAndFreezes() {
        long t = 0;
        for (int i = 0; i < 10; i++) {
            reception.media(i, i * FRAME_TICKS, true, t);
            t += 33 * MS;
        }
        t += 200 * MS; // the next frame arrives 233 ms after the previous instead of 33 ms
        reception.media(10, 10 * FRAME_TICKS, true, t);
        assertThat(reception.freezes).isEqualTo(1);
        assertThat(reception.late).isEqualTo(1);
        assertThat(reception.frames).isEqualTo(11);
    }
}
