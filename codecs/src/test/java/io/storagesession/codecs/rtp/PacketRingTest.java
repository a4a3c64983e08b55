package io.storagesession.codecs.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Variable-length packets in one byte ring: where they go, how long they stay intact, when the ring grows. */
class PacketRingTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long KEEP_ALL = Long.MAX_VALUE;

    /** A packet whose every byte says which one it is, so a damaged or misplaced copy shows. */
    private static byte[] packet(int sequence, int len) {
        byte[] p = new byte[len];
        for (int i = 0; i < len; i++) {
            p[i] = (byte) (sequence * 31 + i);
        }
        return p;
    }

    private static byte[] read(PacketRing ring, int slot) {
        return Arrays.copyOfRange(ring.bytes(), ring.offset(slot), ring.offset(slot) + ring.length(slot));
    }

    @Test
    void aPacketThatWouldStraddleTheEndStartsAtTheNextLap() {
        PacketRing ring = new PacketRing(16, 64, 64, 0);
        int[] slots = new int[4];
        for (int seq = 0; seq < 4; seq++) {
            slots[seq] = ring.store(seq, packet(seq, 20), 0, 20, 0);
        }
        assertThat(ring.offset(slots[2])).isEqualTo(40);
        assertThat(ring.offset(slots[3])).as("60 + 20 > 64: at the array's start").isZero();
        assertThat(read(ring, slots[3])).isEqualTo(packet(3, 20));
        assertThat(ring.holds(slots[0], 0)).as("its first bytes were written over").isFalse();
        assertThat(ring.holds(slots[1], 1)).isTrue();
        assertThat(read(ring, slots[1])).isEqualTo(packet(1, 20));
        assertThat(read(ring, slots[2])).isEqualTo(packet(2, 20));
        assertThat(ring.capacityBytes()).isEqualTo(64);
    }

    @Test
    void findsPacketsAcrossTheSixteenBitSequenceWrap() {
        PacketRing ring = new PacketRing(16, 4096, 4096, 0);
        Map<Integer, Integer> slots = new HashMap<>();
        for (int n = 65_530; n < 65_536 + 6; n++) {
            int seq = n & 0xFFFF;
            slots.put(seq, ring.store(seq, packet(seq, 50), 0, 50, 0));
        }
        for (int seq : new int[] {65_530, 65_535, 0, 5}) {
            assertThat(ring.holds(slots.get(seq), seq)).as("packet %d", seq).isTrue();
            assertThat(read(ring, slots.get(seq))).isEqualTo(packet(seq, 50));
        }
        assertThat(slots.get(3)).isEqualTo(3 & 15);
        assertThat(ring.holds(slots.get(3), 3 + 16)).as("a number that maps to the same slot").isFalse();
        ring.store(3 + 16, packet(19, 50), 0, 50, 0);
        assertThat(ring.holds(slots.get(3), 3)).as("its slot was taken by packet 19").isFalse();
        assertThat(ring.holds(slots.get(3), 19)).isTrue();
    }

    @Test
    void growsToKeepEveryPacketYoungerThanTheRetention() {
        PacketRing ring = new PacketRing(64, 64, 4096, SECOND);
        int[] slots = new int[10];
        for (int seq = 0; seq < 10; seq++) {
            slots[seq] = ring.store(seq, packet(seq, 30), 0, 30, seq);
        }
        assertThat(ring.capacityBytes()).as("300 bytes kept, doubled from 64").isEqualTo(512);
        for (int seq = 0; seq < 10; seq++) {
            assertThat(ring.holds(slots[seq], seq)).as("packet %d", seq).isTrue();
            assertThat(read(ring, slots[seq])).as("packet %d moved intact", seq).isEqualTo(packet(seq, 30));
        }
        assertThat(ring.overwritten()).isZero();
    }

    @Test
    void packetsOlderThanTheRetentionAreOverwrittenWithoutGrowing() {
        PacketRing ring = new PacketRing(64, 64, 4096, SECOND);
        for (int seq = 0; seq < 100; seq++) {
            ring.store(seq, packet(seq, 30), 0, 30, seq * SECOND);
        }
        assertThat(ring.capacityBytes()).isEqualTo(64);
        assertThat(ring.overwritten()).isZero();
    }

    @Test
    void releasedPacketsAreOverwrittenWithoutGrowingHoweverYoung() {
        PacketRing ring = new PacketRing(64, 64, 4096, KEEP_ALL);
        for (int seq = 0; seq < 100; seq++) {
            int slot = ring.store(seq, packet(seq, 30), 0, 30, 0);
            assertThat(read(ring, slot)).isEqualTo(packet(seq, 30));
            ring.release(slot);
            assertThat(ring.holds(slot, seq)).isFalse();
        }
        assertThat(ring.capacityBytes()).isEqualTo(64);
    }

    @Test
    void atItsCapTheOldestAreOverwrittenAndCounted() {
        PacketRing ring = new PacketRing(64, 64, 128, KEEP_ALL);
        int[] slots = new int[10];
        for (int seq = 0; seq < 10; seq++) {
            slots[seq] = ring.store(seq, packet(seq, 30), 0, 30, 0);
        }
        assertThat(ring.capacityBytes()).isEqualTo(128);
        assertThat(ring.overwritten()).isEqualTo(6);
        for (int seq = 0; seq < 10; seq++) {
            boolean held = ring.holds(slots[seq], seq);
            assertThat(held).as("packet %d", seq).isEqualTo(seq >= 6);
            if (held) {
                assertThat(read(ring, slots[seq])).isEqualTo(packet(seq, 30));
            }
        }
    }

    @Test
    void aPacketLongerThanTheCapIsRefusedAndChangesNothing() {
        PacketRing ring = new PacketRing(16, 64, 128, KEEP_ALL);
        int slot = ring.store(5, packet(5, 40), 0, 40, 0);
        assertThat(ring.store(5 + 16, new byte[129], 0, 129, 0)).isEqualTo(PacketRing.REFUSED);
        assertThat(ring.holds(slot, 5)).isTrue();
        assertThat(read(ring, slot)).isEqualTo(packet(5, 40));
        assertThat(ring.capacityBytes()).isEqualTo(64);
    }

    @Test
    void aPacketLongerThanTheRingButWithinTheCapMakesItGrow() {
        PacketRing ring = new PacketRing(16, 64, 1024, 0);
        int small = ring.store(1, packet(1, 40), 0, 40, 0);
        int large = ring.store(2, packet(2, 600), 0, 600, 0);
        assertThat(ring.capacityBytes()).isEqualTo(1024);
        assertThat(read(ring, large)).isEqualTo(packet(2, 600));
        assertThat(ring.holds(small, 1)).as("moved with the growth").isTrue();
        assertThat(read(ring, small)).isEqualTo(packet(1, 40));
    }

    @Test
    void emptyPacketsAreKeptAndNegativeLengthsRefused() {
        PacketRing ring = new PacketRing(16, 64, 64, KEEP_ALL);
        int empty = ring.store(7, new byte[0], 0, 0, 0);
        assertThat(ring.holds(empty, 7)).isTrue();
        assertThat(ring.length(empty)).isZero();
        assertThat(ring.store(8, new byte[4], 0, -1, 0)).isEqualTo(PacketRing.REFUSED);
        assertThat(ring.holds(8, 8)).isFalse();
        assertThat(ring.holds(-1, 7)).as("a refused store's result is never a held slot").isFalse();
    }

    /**
     * More packets within one lap than slots: the write-order queue forgets the oldest, so only the positions can
     * tell that packet 0's bytes were written over.
     */
    @Test
    void aSlotWhoseBytesWereOverwrittenIsNotHeldThoughNoOtherPacketTookIt() {
        PacketRing ring = new PacketRing(4, 64, 64, 0);
        int first = ring.store(0, packet(0, 30), 0, 30, 0);
        for (int i = 0; i < 6; i++) {
            ring.store(1 + i % 3, packet(i, 1), 0, 1, 0);
        }
        assertThat(ring.holds(first, 0)).isTrue();
        assertThat(read(ring, first)).isEqualTo(packet(0, 30));
        int later = ring.store(1, packet(1, 40), 0, 40, 0);
        assertThat(ring.offset(later)).isZero();
        assertThat(ring.holds(first, 0)).as("no other packet took its slot, but its bytes are packet 1's").isFalse();
        assertThat(read(ring, later)).isEqualTo(packet(1, 40));
    }

    @Test
    void clearForgetsEverythingButKeepsTheCapacity() {
        PacketRing ring = new PacketRing(16, 64, 1024, KEEP_ALL);
        int slot = ring.store(1, packet(1, 200), 0, 200, 0);
        ring.clear();
        assertThat(ring.holds(slot, 1)).isFalse();
        assertThat(ring.capacityBytes()).isEqualTo(256);
    }

    @Test
    void refusesSizesThatCannotWork() {
        assertThatThrownBy(() -> new PacketRing(0, 64, 64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketRing(1 << 16, 64, 64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketRing(16, 0, 64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketRing(16, 128, 64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketRing(16, 64, Integer.MAX_VALUE, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketRing(16, 64, 64, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Random lengths, reordered and repeated keys, time moving on: a packet the ring says it holds is always the last
     * one stored under that key, byte for byte; and until it reaches its cap, every packet younger than the retention
     * whose slot was not taken is still held.
     */
    @Test
    void whatItHoldsIsAlwaysExactlyWhatWasStored() {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            int slots = 64;
            int maxBytes = 1 << (13 + random.nextInt(3));
            long retention = 50 + random.nextInt(200);
            PacketRing ring = new PacketRing(slots, 128, maxBytes, retention);
            long[] owner = new long[slots];
            Arrays.fill(owner, -1);
            byte[][] stored = new byte[slots][];
            long[] when = new long[slots];
            long now = 0;
            long base = 65_000;
            for (int i = 0; i < 3000; i++) {
                now += random.nextInt(4);
                long key = (base + i + random.nextInt(20) - 10) & 0xFFFF;
                int len = maxBytes / slots + random.nextInt(300);
                byte[] p = packet((int) key + i, len);
                int slot = ring.store(key, p, 0, len, now);
                assertThat(slot).isEqualTo((int) (key & (slots - 1)));
                owner[slot] = key;
                stored[slot] = p;
                when[slot] = now;
                for (int s = 0; s < slots; s++) {
                    if (owner[s] < 0) {
                        continue;
                    }
                    boolean held = ring.holds(s, owner[s]);
                    if (held) {
                        assertThat(read(ring, s)).as("round %d, packet %d", round, i).isEqualTo(stored[s]);
                    } else if (ring.overwritten() == 0 && now - when[s] < retention) {
                        throw new AssertionError("round " + round + ": lost a packet " + (now - when[s])
                                + " old at capacity " + ring.capacityBytes());
                    }
                }
            }
            assertThat(ring.capacityBytes()).isLessThanOrEqualTo(maxBytes);
        }
    }

    @Test
    void slotsGrowToKeepEveryPacketYoungerThanTheRetention() {
        PacketRing ring = new PacketRing(4, 1024, 64, 8192, SECOND);
        assertThat(ring.slots()).isEqualTo(4);
        for (int seq = 0; seq < 40; seq++) {
            ring.store(seq, packet(seq, 30), 0, 30, seq);
        }
        assertThat(ring.slots()).as("40 young packets, doubled from 4").isEqualTo(64);
        for (int seq = 0; seq < 40; seq++) {
            int slot = ring.find(seq);
            assertThat(slot).as("packet %d", seq).isNotEqualTo(PacketRing.NOT_HELD);
            assertThat(read(ring, slot)).as("packet %d moved intact", seq).isEqualTo(packet(seq, 30));
        }
        assertThat(ring.find(40)).isEqualTo(PacketRing.NOT_HELD);
    }

    /** Packets move to other slots as the slots grow; the bytes that then fill up must still know they are young. */
    @Test
    void slotsAndBytesGrowTogetherWithoutLosingAPacket() {
        PacketRing ring = new PacketRing(2, 64, 64, 8192, SECOND);
        for (int key = 100; key < 116; key++) {
            ring.store(key, packet(key, 30), 0, 30, 0);
        }
        assertThat(ring.slots()).isEqualTo(16);
        assertThat(ring.capacityBytes()).isEqualTo(512);
        for (int key = 100; key < 116; key++) {
            int slot = ring.find(key);
            assertThat(slot).as("packet %d", key).isNotEqualTo(PacketRing.NOT_HELD);
            assertThat(read(ring, slot)).isEqualTo(packet(key, 30));
        }
    }

    @Test
    void slotsDoNotGrowForPacketsOlderThanTheRetentionOrReleased() {
        PacketRing aging = new PacketRing(4, 1024, 64, 8192, SECOND);
        PacketRing released = new PacketRing(4, 1024, 64, 8192, KEEP_ALL);
        for (int seq = 0; seq < 100; seq++) {
            aging.store(seq, packet(seq, 30), 0, 30, seq * SECOND);
            released.release(released.store(seq, packet(seq, 30), 0, 30, 0));
        }
        assertThat(aging.slots()).isEqualTo(4);
        assertThat(released.slots()).isEqualTo(4);
        assertThat(aging.find(99)).isNotEqualTo(PacketRing.NOT_HELD);
        assertThat(aging.find(95)).as("its slot was taken").isEqualTo(PacketRing.NOT_HELD);
    }

    @Test
    void atMaxSlotsTheOldestNumberInASlotMakesWay() {
        PacketRing ring = new PacketRing(2, 8, 64, 8192, KEEP_ALL);
        for (int seq = 0; seq < 20; seq++) {
            ring.store(seq, packet(seq, 10), 0, 10, 0);
        }
        assertThat(ring.slots()).isEqualTo(8);
        for (int seq = 0; seq < 20; seq++) {
            assertThat(ring.find(seq) != PacketRing.NOT_HELD).as("packet %d", seq).isEqualTo(seq >= 12);
        }
        assertThat(ring.overwritten()).as("no bytes were lost, only slots").isZero();
    }

    @Test
    void keysAboveTheSlotBitsTellPacketsApartAcrossGrowthAndTheWrap() {
        PacketRing ring = new PacketRing(2, 256, 64, 16_384, SECOND);
        long ssrcA = 0xFFFF_FFFFL << 16;
        long ssrcB = 0x1234L << 16;
        for (int n = 65_530; n < 65_536 + 30; n++) {
            ring.store(ssrcA | (n & 0xFFFF), packet(n, 20), 0, 20, 0);
        }
        assertThat(ring.slots()).isEqualTo(64);
        for (int n = 65_530; n < 65_536 + 30; n++) {
            int slot = ring.find(ssrcA | (n & 0xFFFF));
            assertThat(slot).as("packet %d", n).isNotEqualTo(PacketRing.NOT_HELD);
            assertThat(read(ring, slot)).isEqualTo(packet(n, 20));
            assertThat(ring.find(ssrcB | (n & 0xFFFF))).as("another source's %d", n).isEqualTo(PacketRing.NOT_HELD);
        }
    }

    @Test
    void refusesSlotCountsThatCannotWork() {
        assertThatThrownBy(() -> new PacketRing(8, 4, 64, 64, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketRing(4, 1 << 16, 64, 64, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * As {@link #whatItHoldsIsAlwaysExactlyWhatWasStored} with slots that grow from 2: a packet found is always the
     * last stored under its key, byte for byte; and until the byte ring reaches its cap, every packet younger than the
     * retention whose key no later packet shares modulo the largest slot count is still found.
     */
    @Test
    void growingSlotsFindExactlyWhatWasStored() {
        Random random = new Random(13);
        for (int round = 0; round < 20; round++) {
            int maxSlots = 64;
            int maxBytes = 1 << (14 + random.nextInt(3));
            long retention = 50 + random.nextInt(200);
            PacketRing ring = new PacketRing(2, maxSlots, 128, maxBytes, retention);
            Map<Long, byte[]> stored = new HashMap<>();
            Map<Long, Long> when = new HashMap<>();
            Map<Long, Long> lastInSlot = new HashMap<>();
            long now = 0;
            for (int i = 0; i < 3000; i++) {
                now += random.nextInt(6);
                long key = ((long) random.nextInt(3) << 16) | ((65_000 + i + random.nextInt(20) - 10) & 0xFFFF);
                int len = maxBytes / maxSlots + random.nextInt(300);
                byte[] p = packet((int) key + i, len);
                int slot = ring.store(key, p, 0, len, now);
                assertThat(slot).isEqualTo(ring.find(key));
                stored.put(key, p);
                when.put(key, now);
                lastInSlot.put(key & (maxSlots - 1), key);
                for (Map.Entry<Long, byte[]> e : stored.entrySet()) {
                    int at = ring.find(e.getKey());
                    if (at != PacketRing.NOT_HELD) {
                        assertThat(read(ring, at)).as("round %d, packet %d", round, i).isEqualTo(e.getValue());
                    } else if (ring.overwritten() == 0 && now - when.get(e.getKey()) < retention
                            && lastInSlot.get(e.getKey() & (maxSlots - 1)).equals(e.getKey())) {
                        throw new AssertionError("round " + round + ": lost a packet " + (now - when.get(e.getKey()))
                                + " old with " + ring.slots() + " slots");
                    }
                }
            }
            assertThat(ring.slots()).as("grew from 2").isBetween(8, maxSlots);
        }
    }
}
