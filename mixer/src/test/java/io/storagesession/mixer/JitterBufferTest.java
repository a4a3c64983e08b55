package io.storagesession.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The audio jitter buffer's payloads in its byte ring: they come out byte for byte as they went in, whatever the order
 * and size, the ring grows only as far as what is buffered needs, and a full ring or an oversized payload cannot make
 * it play someone else's bytes.
 */
class JitterBufferTest {
    private static final int WINDOW = 16;
    private static final int MAX_PAYLOAD = 1500;

    /** A payload whose every byte says which packet it is, so a damaged or misplaced copy shows. */
    private static byte[] payload(int sequence, int len) {
        byte[] p = new byte[len];
        for (int i = 0; i < len; i++) {
            p[i] = (byte) (sequence * 31 + i);
        }
        return p;
    }

    private static byte[] popped(JitterBuffer jitter) {
        return Arrays.copyOfRange(jitter.payload(), jitter.payloadOffset(),
                jitter.payloadOffset() + jitter.payloadLength());
    }

    private static JitterBuffer buffer(int initialBytes, int maxBytes, int startDepth, int maxDepth) {
        return new JitterBuffer(WINDOW, MAX_PAYLOAD, initialBytes, maxBytes, startDepth, maxDepth, 3);
    }

    @Test
    void aVoiceCostsItsPacketsNotTheWindowTimesTheMtu() {
        JitterBuffer jitter = buffer(2048, 32 * 1024, 2, 6);
        for (int seq = 0; seq < 3000; seq++) {
            jitter.push(seq, seq * 960, payload(seq, 80 + seq % 41), 0, 80 + seq % 41, 40);
            if (seq > 0) {
                assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
                assertThat(popped(jitter)).isEqualTo(payload(seq - 1, 80 + (seq - 1) % 41));
                assertThat(jitter.timestamp()).isEqualTo((seq - 1) * 960);
            }
        }
        assertThat(jitter.capacityBytes()).as("instead of 16 x 1500").isEqualTo(2048);
        assertThat(jitter.overwritten()).isZero();
    }

    @Test
    void aBurstLargerThanTheStartGrowsTheRingAndKeepsEveryPayload() {
        JitterBuffer jitter = buffer(256, 32 * 1024, 2, 14);
        List<Integer> burst = new ArrayList<>();
        for (int seq = 100; seq < 114; seq++) {
            burst.add(seq);
        }
        Collections.shuffle(burst, new Random(3));
        for (int seq : burst) {
            assertThat(jitter.push(seq, seq, payload(seq, 1000), 0, 1000, seq)).isEqualTo(JitterBuffer.STORED);
        }
        assertThat(jitter.capacityBytes()).as("14 000 bytes held").isEqualTo(16 * 1024);
        for (int seq = 100; seq < 114; seq++) {
            assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
            assertThat(jitter.level()).isEqualTo(seq);
            assertThat(popped(jitter)).as("packet %d", seq).isEqualTo(payload(seq, 1000));
        }
        assertThat(jitter.overwritten()).isZero();
    }

    @Test
    void reordersAcrossTheSequenceWrap() {
        JitterBuffer jitter = buffer(64, 32 * 1024, 3, 6);
        int[] order = {65_534, 0, 65_535, 2, 1};
        for (int seq : order) {
            assertThat(jitter.push(seq, payload(seq, 50 + seq % 7), 0, 50 + seq % 7, 40))
                    .isEqualTo(JitterBuffer.STORED);
        }
        for (int seq : new int[] {65_534, 65_535, 0, 1, 2}) {
            assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
            assertThat(popped(jitter)).as("packet %d", seq).isEqualTo(payload(seq, 50 + seq % 7));
        }
    }

    @Test
    void anOversizedPayloadIsRefusedAndChangesNothing() {
        JitterBuffer jitter = buffer(64, 4096, 1, 6);
        jitter.push(7, payload(7, 40), 0, 40, 40);
        assertThat(jitter.push(8, new byte[MAX_PAYLOAD + 1], 0, MAX_PAYLOAD + 1, 40))
                .isEqualTo(JitterBuffer.TOO_LARGE);
        assertThat(jitter.push(8, new byte[4], 0, -1, 40)).isEqualTo(JitterBuffer.TOO_LARGE);
        assertThat(jitter.capacityBytes()).isEqualTo(64);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(popped(jitter)).isEqualTo(payload(7, 40));
        assertThat(jitter.pop()).as("8 was never stored: dry").isEqualTo(JitterBuffer.LOST);
    }

    /** A sender of maximum-size packets, all held behind a gap, fills a small cap: its oldest are played as lost. */
    @Test
    void atTheCapTheOldestPayloadsAreLostNeverReplacedByOthers() {
        JitterBuffer jitter = buffer(2048, 4096, 1, 14);
        for (int seq = 1; seq <= 5; seq++) {
            jitter.push(seq, payload(seq, MAX_PAYLOAD), 0, MAX_PAYLOAD, seq);
        }
        assertThat(jitter.push(0, payload(0, 10), 0, 10, 0)).isEqualTo(JitterBuffer.STORED);
        assertThat(jitter.capacityBytes()).isEqualTo(4096);
        assertThat(jitter.overwritten()).as("1500-byte packets, two to a 4096-byte lap").isEqualTo(4);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(popped(jitter)).isEqualTo(payload(0, 10));
        for (int seq = 1; seq <= 5; seq++) {
            int outcome = jitter.pop();
            assertThat(outcome).as("packet %d", seq).isEqualTo(seq <= 4 ? JitterBuffer.LOST : JitterBuffer.PACKET);
            if (outcome == JitterBuffer.PACKET) {
                assertThat(popped(jitter)).isEqualTo(payload(seq, MAX_PAYLOAD));
                assertThat(jitter.level()).isEqualTo(seq);
            }
        }
    }

    @Test
    void aResetForgetsThePayloadsButKeepsTheRing() {
        JitterBuffer jitter = buffer(64, 32 * 1024, 1, 6);
        jitter.push(5, payload(5, 700), 0, 700, 40);
        jitter.reset();
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.EMPTY);
        assertThat(jitter.capacityBytes()).isEqualTo(1024);
        jitter.push(9000, payload(9000, 30), 0, 30, 40);
        assertThat(jitter.pop()).isEqualTo(JitterBuffer.PACKET);
        assertThat(popped(jitter)).isEqualTo(payload(9000, 30));
    }

    /**
     * Random sizes up to the maximum, reordering, duplicates, losses, pauses and jumps, fed to this buffer and to the
     * slot-per-packet one it replaced: every outcome is the same, every payload played the same byte for byte, and
     * the ring stays within its cap without overwriting a buffered payload.
     */
    @Test
    void behavesExactlyAsTheSlotPerPacketBufferItReplaced() {
        Random random = new Random(5);
        for (int round = 0; round < 40; round++) {
            int startDepth = 1 + random.nextInt(3);
            int maxDepth = startDepth + random.nextInt(WINDOW - startDepth);
            JitterBuffer jitter = new JitterBuffer(WINDOW, MAX_PAYLOAD, 128, 64 * 1024, startDepth, maxDepth, 3);
            SlotJitterBuffer reference = new SlotJitterBuffer(WINDOW, MAX_PAYLOAD, startDepth, maxDepth, 3);
            int base = random.nextInt(1 << 16);
            for (int i = 0; i < 3000; i++) {
                int seq = (base + i + random.nextInt(12) - 6) & 0xFFFF;
                if (random.nextInt(200) == 0) {
                    seq = random.nextInt(1 << 16);
                }
                int len = random.nextInt(10) == 0 ? MAX_PAYLOAD + 1 : random.nextInt(MAX_PAYLOAD + 1);
                byte[] p = payload(seq + i, len);
                if (random.nextInt(10) > 0) {
                    assertThat(jitter.push(seq, i, p, 0, len, len)).as("round %d push %d", round, i)
                            .isEqualTo(reference.push(seq, i, p, 0, len, len));
                }
                if (random.nextInt(400) == 0) {
                    jitter.reset();
                    reference.reset();
                }
                if (random.nextInt(4) > 0) {
                    int outcome = jitter.pop();
                    assertThat(outcome).as("round %d pop %d", round, i).isEqualTo(reference.pop());
                    assertThat(jitter.playing()).isEqualTo(reference.playing());
                    if (outcome == JitterBuffer.PACKET) {
                        assertThat(jitter.timestamp()).isEqualTo(reference.timestamp());
                        assertThat(jitter.level()).isEqualTo(reference.level());
                        assertThat(popped(jitter)).as("round %d pop %d", round, i).isEqualTo(
                                Arrays.copyOf(reference.payload(), reference.payloadLength()));
                    }
                }
            }
            assertThat(jitter.trimmed).isEqualTo(reference.trimmed);
            assertThat(jitter.overwritten()).as("round %d", round).isZero();
            assertThat(jitter.capacityBytes()).isLessThanOrEqualTo(64 * 1024);
        }
    }

    /** Once grown, pushing and playing allocate nothing: measured with the JVM's per-thread allocation counter. */
    @Test
    void steadyStateAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        JitterBuffer jitter = buffer(256, 32 * 1024, 2, 6);
        byte[][] payloads = new byte[64][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = payload(i, 60 + i * 3);
        }
        long sum = run(jitter, payloads, 0, 5000);
        long before = threads.getCurrentThreadAllocatedBytes();
        sum += run(jitter, payloads, 5000, 50_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isPositive();
        assertThat(allocated).as("bytes allocated for 45 000 packets").isLessThan(4096);
    }

    /** Pairs of packets swapped, one in 50 lost, one played per push. */
    private static long run(JitterBuffer jitter, byte[][] payloads, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            int seq = (i % 2 == 0 ? i + 1 : i - 1) & 0xFFFF;
            byte[] p = payloads[seq % payloads.length];
            if (i % 50 != 7) {
                jitter.push(seq, seq, p, 0, p.length, 40);
            }
            if (jitter.pop() == JitterBuffer.PACKET) {
                sum += jitter.payloadLength();
            }
        }
        return sum;
    }

    /**
     * A session's four Opus inputs at reference.conf's settings, measured with the JVM's per-thread allocation counter:
     * what making the buffers costs, against the slot-per-packet buffers they replaced, and the ring a 32 kbps voice
     * (about 100-byte packets, reordered) leaves them at.
     */
    @Test
    void aSessionsFourVoicesCostAFewKilobytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AudioSettings settings = AudioSettings.from(ConfigFactory.defaultReference());
        long before = threads.getCurrentThreadAllocatedBytes();
        SlotJitterBuffer[] slotted = new SlotJitterBuffer[4];
        for (int i = 0; i < slotted.length; i++) {
            slotted[i] = new SlotJitterBuffer(settings.jitterCapacity(), MAX_PAYLOAD, settings.jitterStartDepth(),
                    settings.jitterMaxDepth(), settings.maxConcealFrames());
        }
        long slottedBytes = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        JitterBuffer[] ringed = new JitterBuffer[4];
        for (int i = 0; i < ringed.length; i++) {
            ringed[i] = new JitterBuffer(settings.jitterCapacity(), MAX_PAYLOAD, settings.jitterInitialBytes(),
                    settings.jitterMaxBytes(), settings.jitterStartDepth(), settings.jitterMaxDepth(),
                    settings.maxConcealFrames());
        }
        long ringedBytes = threads.getCurrentThreadAllocatedBytes() - before;
        byte[][] payloads = new byte[64][];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = payload(i, 80 + i % 41);
        }
        for (JitterBuffer jitter : ringed) {
            run(jitter, payloads, 0, 3000);
        }
        System.out.printf("4 audio jitter buffers: %d bytes made (slot per packet: %d); rings after 60 s of "
                + "32 kbps voice: %d bytes each%n", ringedBytes, slottedBytes, ringed[0].capacityBytes());
        assertThat(ringedBytes).isLessThan(slottedBytes / 5);
        assertThat(ringed[0].capacityBytes()).isEqualTo(settings.jitterInitialBytes());
    }
}
