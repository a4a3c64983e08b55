package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
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
     * reference.conf's history fed 4 s of a 1 Mbps master (104 packets a second of 1200 bytes): its bytes and its
     * slots grow to what max-age of the stream needs, it keeps every packet a viewer may still NACK, and nothing past
     * the cap is lost. Packets are found by number: a slot number is only good until the slots next grow.
     */
    @Test
    void aOneMegabitMasterCostsOneSecondOfItsBytes() {
        VideoSettings settings = SfuSettings.defaults().video();
        MasterHistory history = new MasterHistory(settings);
        long interval = SECOND / 104;
        int packets = 4 * 104;
        for (int seq = 0; seq < packets; seq++) {
            history.store(SSRC, seq, packet(seq, 1200), 0, 1200, seq * interval);
        }
        long now = (packets - 1) * interval;
        System.out.printf("master history after 4 s of 1 Mbps: %d bytes (%d initial), %d slots (%d initial)%n",
                history.capacityBytes(), settings.retransmissionHistoryInitialBytes(), history.capacity(),
                settings.retransmissionInitialPackets());
        assertThat(history.capacityBytes()).as("one second is 124 800 bytes").isEqualTo(128 * 1024);
        assertThat(history.capacity()).as("one second is 104 packets").isEqualTo(128);
        assertThat(history.overwritten()).isZero();
        for (int seq = 0; seq < packets; seq++) {
            int slot = history.find(SSRC, seq);
            boolean young = now - seq * interval < settings.retransmissionMaxAge().toNanos();
            if (young) {
                assertThat(slot).as("packet %d", seq).isNotEqualTo(MasterHistory.MISSING);
            }
            if (slot != MasterHistory.MISSING) {
                assertThat(read(history, slot)).isEqualTo(packet(seq, 1200));
            }
        }
    }

    @Test
    void aNewMastersPacketWithTheSameNumberIsAnotherPacketAndTakesItsSlot() {
        int next = 0xFFFF_FFF0;
        MasterHistory history = new MasterHistory(2, 512, 1024, 65_536, SECOND);
        for (int seq = 0; seq < 20; seq++) {
            history.store(SSRC, seq, packet(seq, 100), 0, 100, 0);
            history.store(next, seq + 1000, packet(seq + 50, 90), 0, 90, 0);
        }
        assertThat(history.capacity()).as("40 young packets").isEqualTo(64);
        for (int seq = 0; seq < 20; seq++) {
            assertThat(read(history, history.find(SSRC, seq))).isEqualTo(packet(seq, 100));
            assertThat(read(history, history.find(next, seq + 1000))).isEqualTo(packet(seq + 50, 90));
            assertThat(history.find(next, seq)).isEqualTo(MasterHistory.MISSING);
        }
        history.store(next, 3, packet(99, 10), 0, 10, 0);
        assertThat(history.capacity()).as("no number of slots tells the two packets 3 apart").isEqualTo(64);
        assertThat(history.find(SSRC, 3)).isEqualTo(MasterHistory.MISSING);
        assertThat(read(history, history.find(next, 3))).isEqualTo(packet(99, 10));
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

    /**
     * A 1 Mbps session with three viewers at reference.conf's settings, 4 s of 104 packets a second: every array the
     * history and the viewers' indexes allocate, growth included, counted by the JVM's per-thread allocation counter,
     * against what 512 fixed slots cost (the history's 40 bytes of slot and 4 of SSRC, a viewer's 41).
     */
    @Test
    void aOneMegabitSessionsRetransmissionStateIsAFewKilobytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        VideoSettings settings = SfuSettings.defaults().video();
        long maxAge = settings.retransmissionMaxAge().toNanos();
        long minInterval = settings.retransmissionMinInterval().toNanos();
        byte[] packet = packet(1, 1200);
        long before = threads.getCurrentThreadAllocatedBytes();
        MasterHistory history = new MasterHistory(settings);
        RetransmissionBuffer[] viewers = new RetransmissionBuffer[3];
        for (int v = 0; v < viewers.length; v++) {
            viewers[v] = new RetransmissionBuffer(settings.retransmissionInitialPackets(),
                    settings.retransmissionMaxPackets(), maxAge, minInterval);
        }
        long interval = SECOND / 104;
        for (int seq = 0; seq < 4 * 104; seq++) {
            history.store(SSRC, seq, packet, 0, packet.length, seq * interval);
            for (RetransmissionBuffer viewer : viewers) {
                viewer.stored(viewer.claim(seq + 7, seq * interval), seq + 7, SSRC, seq, seq * 3000);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long slots = history.capacity() * 40L + viewers.length * viewers[0].capacity() * 32L;
        long fixedSlots = 512 * 44L + viewers.length * 512 * 41L;
        // the byte ring doubled from its first size: every size up to the last was allocated once
        long ringAllocations = 2L * history.capacityBytes() - settings.retransmissionHistoryInitialBytes();
        System.out.printf("1 Mbps, 3 viewers: history %d bytes of packets, %d + 3 x %d slots = %d slot bytes "
                + "(512 fixed: %d); allocated besides the byte ring, growth included: %d%n", history.capacityBytes(),
                history.capacity(), viewers[0].capacity(), slots, fixedSlots, allocated - ringAllocations);
        assertThat(viewers[0].capacity()).isEqualTo(128);
        assertThat(slots).isLessThan(fixedSlots / 4);
        assertThat(allocated - ringAllocations).as("slot arrays, growth included").isLessThan(fixedSlots / 2);
    }
}
