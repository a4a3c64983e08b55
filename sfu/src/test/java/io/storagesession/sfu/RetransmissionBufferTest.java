package io.storagesession.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The viewer's retransmission index: bounded by count and age, one resend per min-interval. */
class RetransmissionBufferTest {
    private static final long MS = 1_000_000L;
    private final RetransmissionBuffer buffer = new RetransmissionBuffer(100, 100, 1000 * MS, 100 * MS);

    private void store(int sequence, long now) {
        int slot = buffer.claim(sequence, now);
        buffer.stored(slot, sequence, 0x77, sequence + 100, sequence * 3000);
    }

    @Test
    void theCountIsRoundedUpToAPowerOfTwo() {
        assertThat(buffer.capacity()).isEqualTo(128);
        assertThat(new RetransmissionBuffer(128, 128, 1, 1).capacity()).isEqualTo(128);
        assertThat(new RetransmissionBuffer(1, 1, 1, 1).capacity()).isEqualTo(1);
        assertThat(new RetransmissionBuffer(3, 100, 1, 1).maxCapacity()).isEqualTo(128);
    }

    @Test
    void aSentPacketIsFoundByItsSequenceNumberWithWhatItWas() {
        for (int seq = 65_500; seq < 65_536 + 40; seq++) {
            store(seq & 0xFFFF, 0);
        }
        assertFound(buffer, 3, 10 * MS);
        assertFound(buffer, 65_530, 10 * MS);
        assertThat(buffer.find(41, 10 * MS)).as("never sent").isEqualTo(RetransmissionBuffer.MISSING);
    }

    @Test
    void packetsBeyondTheCountAreOverwritten() {
        for (int seq = 0; seq < 128 + 5; seq++) {
            store(seq, 0);
        }
        assertThat(buffer.find(4, 0)).isEqualTo(RetransmissionBuffer.MISSING);
        assertFound(buffer, 5, 0);
    }

    @Test
    void packetsOlderThanMaxAgeAreNotResent() {
        store(7, 0);
        assertFound(buffer, 7, 1000 * MS);
        assertThat(buffer.find(7, 1001 * MS)).isEqualTo(RetransmissionBuffer.MISSING);
    }

    @Test
    void aPacketIsResentAtMostOncePerMinInterval() {
        store(9, 0);
        int slot = buffer.find(9, 10 * MS);
        buffer.resent(slot, 10 * MS);
        assertThat(buffer.find(9, 109 * MS)).isEqualTo(RetransmissionBuffer.TOO_SOON);
        assertThat(buffer.find(9, 110 * MS)).isEqualTo(slot);
    }

    private static void store(RetransmissionBuffer b, int sequence, long now) {
        int slot = b.claim(sequence, now);
        b.stored(slot, sequence, 0x77, sequence + 100, sequence * 3000);
    }

    /**
     * Found in the slot its number has in the ring (a power of two, so the number's low bits), with what it was: the
     * master's SSRC and sequence number, and the timestamp it was sent with.
     */
    private static void assertFound(RetransmissionBuffer b, int sequence, long now) {
        int slot = b.find(sequence, now);
        assertThat(slot).as("packet %d", sequence).isEqualTo(sequence & (b.capacity() - 1));
        assertThat(b.sourceSsrc(slot)).isEqualTo(0x77);
        assertThat(b.sourceSequence(slot)).isEqualTo(sequence + 100);
        assertThat(b.timestamp(slot)).isEqualTo(sequence * 3000);
    }

    @Test
    void growsOnlyAsFarAsMaxAgeAtTheStreamsRateNeeds() {
        RetransmissionBuffer growing = new RetransmissionBuffer(16, 512, 1000 * MS, 100 * MS);
        long now = 0;
        for (int seq = 0; seq < 3000; seq++) {
            now += 9_600_000L; // 104 packets a second: 1 Mbps in 1200-byte packets
            store(growing, seq, now);
        }
        assertThat(growing.capacity()).as("104 packets within max-age").isEqualTo(128);
        for (int seq = 3000 - 104; seq < 3000; seq++) {
            assertFound(growing, seq, now);
        }
    }

    @Test
    void aBurstLargerThanTheStartGrowsItAndEveryPacketStaysFindable() {
        RetransmissionBuffer growing = new RetransmissionBuffer(4, 512, 1000 * MS, 100 * MS);
        int slot = growing.claim(40, 0);
        growing.stored(slot, 40, 0x77, 140, 40 * 3000);
        growing.resent(slot, 0);
        for (int seq = 41; seq < 41 + 90; seq++) {
            store(growing, seq, MS);
        }
        assertThat(growing.capacity()).isEqualTo(128);
        assertThat(growing.find(40, 50 * MS)).as("its resend time moved with it")
                .isEqualTo(RetransmissionBuffer.TOO_SOON);
        assertFound(growing, 40, 100 * MS);
        for (int seq = 41; seq < 41 + 90; seq++) {
            assertFound(growing, seq, 2 * MS);
        }
    }

    @Test
    void acrossTheSequenceWrapWhileGrowing() {
        RetransmissionBuffer growing = new RetransmissionBuffer(2, 512, 1000 * MS, 100 * MS);
        for (int n = 65_500; n < 65_536 + 60; n++) {
            store(growing, n & 0xFFFF, 0);
        }
        assertThat(growing.capacity()).isEqualTo(128);
        for (int n = 65_500; n < 65_536 + 60; n++) {
            assertFound(growing, n & 0xFFFF, 0);
        }
        assertThat(growing.find(60, 0)).isEqualTo(RetransmissionBuffer.MISSING);
    }

    @Test
    void atMaxPacketsTheOldestAreOverwrittenInsteadOfGrowing() {
        RetransmissionBuffer capped = new RetransmissionBuffer(8, 32, 1000 * MS, 100 * MS);
        for (int seq = 0; seq < 40; seq++) {
            store(capped, seq, 0);
        }
        assertThat(capped.capacity()).isEqualTo(32);
        assertThat(capped.find(7, 0)).isEqualTo(RetransmissionBuffer.MISSING);
        assertFound(capped, 8, 0);
        assertFound(capped, 39, 0);
    }

    @Test
    void theSameNumberAgainReplacesItselfWithoutGrowing() {
        RetransmissionBuffer growing = new RetransmissionBuffer(4, 512, 1000 * MS, 100 * MS);
        for (int i = 0; i < 100; i++) {
            store(growing, 5, i * MS);
        }
        assertThat(growing.capacity()).isEqualTo(4);
        assertFound(growing, 5, 100 * MS);
    }

    @Test
    void refusesSizesThatCannotWork() {
        assertThatThrownBy(() -> new RetransmissionBuffer(0, 8, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetransmissionBuffer(16, 8, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
