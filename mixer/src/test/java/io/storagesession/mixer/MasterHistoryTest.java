package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The session's one copy of the master's recent packets, which every viewer's retransmissions are rebuilt from. */
class MasterHistoryTest {
    private static final int SSRC = 0x5151;

    @Test
    void keepsEachPacketUntilItsSlotIsReusedAcrossTheSequenceWrap() {
        MasterHistory history = new MasterHistory(100, 32);
        assertThat(history.capacity()).isEqualTo(128);
        int wrapped = -1;
        for (int seq = 65_500; seq < 65_536 + 10; seq++) {
            int slot = history.store(SSRC, seq & 0xFFFF, new byte[] {9, (byte) seq, 7}, 1, 1);
            if ((seq & 0xFFFF) == 3) {
                wrapped = slot;
            }
        }
        assertThat(history.holds(wrapped, SSRC, 3)).isTrue();
        assertThat(history.holds(wrapped, SSRC + 1, 3)).as("another master's packet 3").isFalse();
        assertThat(history.packet(wrapped)[0]).isEqualTo((byte) 3);
        assertThat(history.length(wrapped)).isEqualTo(1);
        int reused = history.store(SSRC, 3 + 128, new byte[] {1}, 0, 1);
        assertThat(reused).isEqualTo(wrapped);
        assertThat(history.holds(wrapped, SSRC, 3)).as("overwritten by a packet 128 later").isFalse();
        assertThat(history.holds(wrapped, SSRC, 3 + 128)).isTrue();
    }
}
