package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The session's one copy of the master's recent packets, which every viewer's retransmissions are rebuilt from. */
class MasterHistoryTest {
    private static final int SSRC = 0x5151;
    private static final long SECOND = 1_000_000_000L;

    /** A packet whose every byte says which one it is, so a damaged copy shows. */
    private static byte[] packet(int sequence, int len) {
        byte[] p = new byte[len];
        Arrays.fill(p, (byte) sequence);
        return p;
    }

    private static byte[] read(MasterHistory history, int slot) {
        int at = history.offset(slot);
        return Arrays.copyOfRange(history.packet(slot), at, at + history.length(slot));
    }

    @Test
    void keepsEachPacketUntilItsSlotIsReusedAcrossTheSequenceWrap() {
        MasterHistory history = new MasterHistory(100, 64, 4096, SECOND);
        assertThat(history.capacity()).isEqualTo(128);
        int wrapped = -1;
        for (int seq = 65_500; seq < 65_536 + 10; seq++) {
            int slot = history.store(SSRC, seq & 0xFFFF, new byte[] {9, (byte) seq, 7}, 1, 1, 0);
            if ((seq & 0xFFFF) == 3) {
                wrapped = slot;
            }
        }
        assertThat(history.holds(wrapped, SSRC, 3)).isTrue();
        assertThat(history.holds(wrapped, SSRC + 1, 3)).as("another master's packet 3").isFalse();
        assertThat(history.packet(wrapped)[history.offset(wrapped)]).isEqualTo((byte) 3);
        assertThat(history.length(wrapped)).isEqualTo(1);
        int reused = history.store(SSRC, 3 + 128, new byte[] {1}, 0, 1, 0);
        assertThat(reused).isEqualTo(wrapped);
        assertThat(history.holds(wrapped, SSRC, 3)).as("overwritten by a packet 128 later").isFalse();
        assertThat(history.holds(wrapped, SSRC, 3 + 128)).isTrue();
    }

    /**
     * reference.conf's history fed 4 s of a 1 Mbps master (104 packets a second of 1200 bytes): it grows to what
     * max-age of the stream needs, keeps every packet a viewer may still NACK, and nothing past the cap is lost.
     */
    @Test
    void aOneMegabitMasterCostsOneSecondOfItsBytes() {
        VideoSettings settings = MixerSettings.defaults().video();
        MasterHistory history = new MasterHistory(settings);
        long interval = SECOND / 104;
        int[] slots = new int[4 * 104];
        for (int seq = 0; seq < slots.length; seq++) {
            slots[seq] = history.store(SSRC, seq, packet(seq, 1200), 0, 1200, seq * interval);
        }
        long now = (slots.length - 1) * interval;
        System.out.printf("master history after 4 s of 1 Mbps: %d bytes (%d initial)%n", history.capacityBytes(),
                settings.retransmissionHistoryInitialBytes());
        assertThat(history.capacityBytes()).as("one second is 124 800 bytes").isEqualTo(128 * 1024);
        assertThat(history.overwritten()).isZero();
        for (int seq = 0; seq < slots.length; seq++) {
            boolean young = now - seq * interval < settings.retransmissionMaxAge().toNanos();
            if (young) {
                assertThat(history.holds(slots[seq], SSRC, seq)).as("packet %d", seq).isTrue();
                assertThat(read(history, slots[seq])).isEqualTo(packet(seq, 1200));
            } else if (history.holds(slots[seq], SSRC, seq)) {
                assertThat(read(history, slots[seq])).isEqualTo(packet(seq, 1200));
            }
        }
    }

    @Test
    void atItsCapTheOldestPacketsAreOverwrittenAndCounted() {
        MasterHistory history = new MasterHistory(512, 1024, 8192, SECOND);
        int[] slots = new int[20];
        for (int seq = 0; seq < slots.length; seq++) {
            slots[seq] = history.store(SSRC, seq, packet(seq, 1000), 0, 1000, 0);
        }
        assertThat(history.capacityBytes()).isEqualTo(8192);
        assertThat(history.overwritten()).isPositive();
        assertThat(history.holds(slots[0], SSRC, 0)).isFalse();
        assertThat(history.holds(slots[19], SSRC, 19)).isTrue();
        assertThat(read(history, slots[19])).isEqualTo(packet(19, 1000));
    }

    @Test
    void aPacketBeyondTheCapIsRefusedAndNeverHeld() {
        MasterHistory history = new MasterHistory(16, 64, 128, SECOND);
        int slot = history.store(SSRC, 1, packet(1, 129), 0, 129, 0);
        assertThat(history.holds(slot, SSRC, 1)).isFalse();
    }
}
