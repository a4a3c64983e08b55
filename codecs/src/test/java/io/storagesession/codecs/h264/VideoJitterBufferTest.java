package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ordering, waiting, losing and refusing, one packet at a time; each payload is its own sequence number. */
class VideoJitterBufferTest {
    private static final int RING = 32 * 1024;
    private static final int RING_MAX = 512 * 1024;
    private static final long MS = 1_000_000L;
    private static final long WAIT = 150 * MS;

    private final H264Counters counters = new H264Counters();
    /** Delivered payloads by their sequence number, and "lost n" entries as -n. */
    private final List<Integer> out = new ArrayList<>();
    private int restarts;
    private final RtpPayloadSink sink = new RtpPayloadSink() {
        @Override
        public void payload(int timestamp, boolean marker, byte[] buf, int off, int len) {
            out.add((buf[off] & 0xFF) << 8 | buf[off + 1] & 0xFF);
        }

        @Override
        public void lost(int packets) {
            out.add(-packets);
        }

        @Override
        public void restarted() {
            restarts++;
        }
    };
    private final VideoJitterBuffer buffer = buffer(16);

    private VideoJitterBuffer buffer(int capacity) {
        return buffer(capacity, RING, RING_MAX);
    }

    private VideoJitterBuffer buffer(int capacity, int initialBytes, int maxBytes) {
        return new VideoJitterBuffer(new H264Settings(Duration.ofNanos(WAIT), capacity, initialBytes, maxBytes, 1500,
                3000, 1 << 20, 16 * 1024), counters, sink);
    }

    /** A packet whose payload is {@code len} bytes, starting with its sequence number. */
    private static byte[] packet(int sequence, int len) {
        byte[] payload = new byte[len];
        payload[0] = (byte) (sequence >>> 8);
        payload[1] = (byte) sequence;
        return Packetizer.rtp(sequence, 0, false, payload);
    }

    private int offer(VideoJitterBuffer b, int sequence, long now) {
        byte[] p = Packetizer.rtp(sequence, 0, false, new byte[] {(byte) (sequence >>> 8), (byte) sequence});
        return b.offer(p, 0, p.length, now);
    }

    private int offer(int sequence, long now) {
        return offer(buffer, sequence, now);
    }

    /** Starts the stream at this sequence number and lets the start-up wait pass. */
    private long started(int sequence) {
        offer(sequence, 0);
        buffer.poll(WAIT);
        return WAIT;
    }

    @Test
    void holdsTheStartForOneWaitSoEarlierPacketsCanStillComeFirst() {
        offer(11, 0);
        offer(10, 5 * MS);
        assertThat(out).isEmpty();
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(WAIT);
        buffer.poll(WAIT - 1);
        assertThat(out).isEmpty();
        buffer.poll(WAIT);
        assertThat(out).containsExactly(10, 11);
    }

    @Test
    void reordersAcrossTheSequenceWrap() {
        long now = started(65534);
        offer(0, now);
        offer(65535, now);
        offer(2, now);
        offer(1, now);
        assertThat(out).containsExactly(65534, 65535, 0, 1, 2);
        assertThat(counters.packetsLost()).isZero();
    }

    @Test
    void dropsDuplicatesHeldOrDelivered() {
        long now = started(100);
        assertThat(offer(102, now)).isEqualTo(VideoJitterBuffer.BUFFERED);
        assertThat(offer(102, now)).isEqualTo(VideoJitterBuffer.DUPLICATE);
        assertThat(offer(100, now)).isEqualTo(VideoJitterBuffer.LATE);
        offer(101, now);
        assertThat(out).containsExactly(100, 101, 102);
        assertThat(counters.rtpDuplicate()).isEqualTo(1);
        assertThat(counters.rtpLate()).isEqualTo(1);
    }

    @Test
    void declaresAGapLostOnlyOnceThePacketAfterItWaitedTheWait() {
        long now = started(1);
        offer(3, now);
        offer(5, now + 100 * MS);
        buffer.poll(now + WAIT - 1);
        assertThat(out).containsExactly(1);
        buffer.poll(now + WAIT);
        assertThat(out).containsExactly(1, -1, 3);
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(now + 100 * MS + WAIT);
        buffer.poll(now + 100 * MS + WAIT);
        assertThat(out).containsExactly(1, -1, 3, -1, 5);
        assertThat(counters.packetsLost()).isEqualTo(2);
        assertThat(offer(2, now + WAIT * 2)).as("given up already").isEqualTo(VideoJitterBuffer.LATE);
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aPacketBeyondTheWindowForcesTheOldestGapsLost() {
        long now = started(0);
        offer(2, now);
        offer(20, now); // capacity 16: 5..19 cannot all wait, 1 is given up at once
        assertThat(out).containsExactly(0, -1, 2, -2);
        assertThat(buffer.buffered()).isEqualTo(1);
        offer(5, now);
        offer(19, now);
        assertThat(out).containsExactly(0, -1, 2, -2, 5);
        assertThat(counters.packetsLost()).isEqualTo(3);
    }

    @Test
    void aJumpIsARestartOnlyWhenTheNextPacketFollowsIt() {
        long now = started(10);
        assertThat(offer(40_000, now)).isEqualTo(VideoJitterBuffer.JUMP);
        assertThat(offer(11, now)).isEqualTo(VideoJitterBuffer.BUFFERED);
        assertThat(offer(20_000, now)).isEqualTo(VideoJitterBuffer.JUMP);
        assertThat(offer(20_001, now)).isEqualTo(VideoJitterBuffer.BUFFERED);
        assertThat(out).containsExactly(10, 11, 20_001);
        assertThat(restarts).isEqualTo(1);
        assertThat(counters.rtpSequenceJump()).isEqualTo(2);
        assertThat(counters.sequenceRestarts()).isEqualTo(1);
    }

    @Test
    void paddingOnlyPacketsFillTheirSequenceNumberSilently() {
        long now = started(1);
        byte[] padding = Packetizer.rtp(2, 0, false, new byte[] {0, 0, 0, 4});
        padding[0] |= 0x20;
        assertThat(buffer.offer(padding, 0, padding.length, now)).isEqualTo(VideoJitterBuffer.BUFFERED);
        offer(3, now);
        assertThat(out).containsExactly(1, 3);
        assertThat(counters.paddingOnly()).isEqualTo(1);
        assertThat(counters.packetsLost()).isZero();
    }

    @Test
    void skipsCsrcsAndHeaderExtensions() {
        long now = started(1);
        byte[] payload = {0, 2};
        byte[] p = new byte[12 + 8 + 8 + payload.length];
        System.arraycopy(Packetizer.rtp(2, 0, false, new byte[0]), 0, p, 0, 12);
        p[0] = (byte) (0x80 | 0x10 | 2); // extension, two CSRCs
        p[12 + 8 + 3] = 1; // one word of extension
        System.arraycopy(payload, 0, p, 28, 2);
        buffer.offer(p, 0, p.length, now);
        assertThat(out).containsExactly(1, 2);
    }

    @Test
    void refusesMalformedHeadersWithoutThrowing() {
        long now = started(1);
        byte[] good = Packetizer.rtp(2, 0, false, new byte[] {0, 2});
        byte[] version1 = good.clone();
        version1[0] = 0x40;
        byte[] csrcOverrun = good.clone();
        csrcOverrun[0] = (byte) 0x8F;
        byte[] extensionOverrun = good.clone();
        extensionOverrun[0] = (byte) 0x90;
        byte[] zeroPadding = Packetizer.rtp(2, 0, false, new byte[] {0, 2, 0});
        zeroPadding[0] |= 0x20;
        byte[] paddingOverrun = Packetizer.rtp(2, 0, false, new byte[] {0, 2, 9});
        paddingOverrun[0] |= 0x20;
        for (byte[] bad : List.of(version1, csrcOverrun, extensionOverrun, zeroPadding, paddingOverrun)) {
            assertThat(buffer.offer(bad, 0, bad.length, now)).isEqualTo(VideoJitterBuffer.MALFORMED);
        }
        assertThat(buffer.offer(good, 0, 11, now)).isEqualTo(VideoJitterBuffer.MALFORMED);
        assertThat(buffer.offer(good, 10, good.length, now)).isEqualTo(VideoJitterBuffer.MALFORMED);
        assertThat(buffer.offer(null, 0, 0, now)).isEqualTo(VideoJitterBuffer.MALFORMED);
        assertThat(buffer.offer(new byte[1501], 0, 1501, now)).isEqualTo(VideoJitterBuffer.MALFORMED);
        byte[] large = Packetizer.rtp(2, 0, false, new byte[1500 - 11]);
        assertThat(buffer.offer(large, 0, large.length, now)).isEqualTo(VideoJitterBuffer.TOO_LARGE);
        assertThat(counters.rtpMalformed()).isEqualTo(9);
        assertThat(counters.rtpTooLarge()).isEqualTo(1);
        assertThat(buffer.offer(good, 0, good.length, now)).isEqualTo(VideoJitterBuffer.BUFFERED);
        assertThat(out).containsExactly(1, 2);
    }

    @Test
    void takesOnlyTheExpectedPayloadType() {
        buffer.expectPayloadType(Packetizer.PAYLOAD_TYPE + 1);
        assertThat(offer(1, 0)).isEqualTo(VideoJitterBuffer.WRONG_PAYLOAD_TYPE);
        assertThat(counters.rtpWrongPayloadType()).isEqualTo(1);
    }

    @Test
    void flushDeliversEverythingHeldWithItsGaps() {
        long now = started(1);
        offer(4, now);
        offer(6, now);
        buffer.flush();
        assertThat(out).containsExactly(1, -2, 4, -1, 6);
        assertThat(buffer.buffered()).isZero();
    }

    @Test
    void heldPayloadsMoveIntactWhenTheirRingGrows() {
        VideoJitterBuffer b = buffer(64, 2048, 8192);
        offer(b, 0, 0);
        b.poll(WAIT);
        for (int seq = 2; seq <= 6; seq++) {
            byte[] p = packet(seq, 1000);
            assertThat(b.offer(p, 0, p.length, WAIT)).isEqualTo(VideoJitterBuffer.BUFFERED);
        }
        assertThat(b.payloadBytes()).as("five 1000-byte payloads held behind the gap").isEqualTo(8192);
        offer(b, 1, WAIT);
        assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(counters.packetsOverwritten()).isZero();
    }

    @Test
    void payloadsOverwrittenAtTheCapAreDeclaredLostNotDelivered() {
        VideoJitterBuffer b = buffer(64, 4096, 4096);
        offer(b, 0, 0);
        b.poll(WAIT);
        for (int seq = 2; seq <= 9; seq++) {
            byte[] p = packet(seq, 1000);
            b.offer(p, 0, p.length, WAIT);
        }
        offer(b, 1, WAIT);
        assertThat(out).as("4096 bytes hold the last four").containsExactly(0, 1, -1, -1, -1, -1, 6, 7, 8, 9);
        assertThat(counters.packetsOverwritten()).isEqualTo(4);
        assertThat(counters.packetsLost()).isEqualTo(4);
        assertThat(b.payloadBytes()).isEqualTo(4096);
    }

    /**
     * 4 s of 1 Mbps (104 packets a second of 1200 bytes) with one packet in 50 lost for good, each gap waited out:
     * the reference.conf ring never needs to grow.
     */
    @Test
    void aOneMegabitStreamWithLossFitsTheInitialRing() {
        VideoJitterBuffer b = new VideoJitterBuffer(H264Settings.defaults(), counters, sink);
        long interval = 1_000_000_000L / 104;
        int lost = 0;
        for (int seq = 0; seq < 4 * 104; seq++) {
            long now = seq * interval;
            if (seq % 50 == 25) {
                lost++;
            } else {
                byte[] p = packet(seq, 1200 - 12);
                b.offer(p, 0, p.length, now);
            }
            b.poll(now);
        }
        b.flush();
        System.out.printf("jitter payload ring after 4 s of 1 Mbps with %d losses: %d bytes%n", lost,
                b.payloadBytes());
        assertThat(b.payloadBytes()).isEqualTo(H264Settings.defaults().jitterInitialBytes());
        assertThat(counters.packetsLost()).isEqualTo(lost);
        assertThat(counters.packetsOverwritten()).isZero();
        assertThat(out).hasSize(4 * 104);
    }

    @Test
    void capacityIsRoundedUpToAPowerOfTwo() {
        VideoJitterBuffer b = buffer(10);
        offer(b, 0, 0);
        b.poll(WAIT);
        offer(b, 16, WAIT);
        assertThat(b.buffered()).as("16 slots: 1..16 fit").isEqualTo(1);
        assertThat(out).containsExactly(0);
        offer(b, 17, WAIT);
        assertThat(out).containsExactly(0, -1);
    }
}
