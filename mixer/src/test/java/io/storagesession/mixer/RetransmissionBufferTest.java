package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The viewer's retransmission index: bounded by count and age, one resend per min-interval. */
class RetransmissionBufferTest {
    private static final long MS = 1_000_000L;
    private final RetransmissionBuffer buffer = new RetransmissionBuffer(100, 1000 * MS, 100 * MS);

    private void store(int sequence, long now) {
        int slot = buffer.claim(sequence, now);
        buffer.stored(slot, sequence, sequence % 7, 0x77, sequence + 100, sequence * 3000);
    }

    @Test
    void theCountIsRoundedUpToAPowerOfTwo() {
        assertThat(buffer.capacity()).isEqualTo(128);
        assertThat(new RetransmissionBuffer(128, 1, 1).capacity()).isEqualTo(128);
        assertThat(new RetransmissionBuffer(1, 1, 1).capacity()).isEqualTo(1);
    }

    @Test
    void aSentPacketIsFoundByItsSequenceNumberWithWhatItWas() {
        for (int seq = 65_500; seq < 65_536 + 40; seq++) {
            store(seq & 0xFFFF, 0);
        }
        int slot = buffer.find(3, 10 * MS);
        assertThat(slot).isGreaterThanOrEqualTo(0);
        assertThat(buffer.source(slot)).isEqualTo(3 % 7);
        assertThat(buffer.sourceSequence(slot)).isEqualTo(103);
        assertThat(buffer.sourceSsrc(slot)).isEqualTo(0x77);
        assertThat(buffer.timestamp(slot)).isEqualTo(9000);
        assertThat(buffer.find(65_530, 10 * MS)).as("before the wrap").isGreaterThanOrEqualTo(0);
        assertThat(buffer.find(41, 10 * MS)).as("never sent").isEqualTo(RetransmissionBuffer.MISSING);
    }

    @Test
    void packetsBeyondTheCountAreOverwritten() {
        for (int seq = 0; seq < 128 + 5; seq++) {
            store(seq, 0);
        }
        assertThat(buffer.find(4, 0)).isEqualTo(RetransmissionBuffer.MISSING);
        assertThat(buffer.find(5, 0)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void packetsOlderThanMaxAgeAreNotResent() {
        store(7, 0);
        assertThat(buffer.find(7, 1000 * MS)).isGreaterThanOrEqualTo(0);
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
}
