package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The receive path allocates nothing per packet once its buffers have grown to the stream: measured with the JVM's
 * per-thread allocation counter over thousands of packets, with reordering and losses on the way.
 */
class H264ReceiverAllocationTest {
    private static final int FRAMES = 600;
    private static final int WARM_UP_FRAMES = 300;
    /** Slack for the measurement itself; one packet's worth of garbage per packet would be megabytes. */
    private static final long MAX_BYTES = 16 * 1024;

    @Test
    void steadyStateAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(7);
        Packetizer packetizer = new Packetizer(random, 1200, 60_000);
        List<byte[]> packets = new ArrayList<>();
        int warmUpPackets = 0;
        for (int i = 0; i < FRAMES; i++) {
            List<byte[]> nals = new ArrayList<>();
            if (i % 30 == 0) {
                nals.add(SequenceParameterSetTest.OPENH264_320X240);
                nals.add(new byte[] {0x68, (byte) 0xce, 0x3c, (byte) 0x80});
                nals.add(nal(random, 5, 40_000));
            } else {
                nals.add(nal(random, 1, 200 + random.nextInt(5000)));
            }
            List<byte[]> p = packetizer.packetize(nals, i * 3000);
            for (int k = 0; k + 1 < p.size(); k += 7) {
                byte[] t = p.get(k);
                p.set(k, p.get(k + 1));
                p.set(k + 1, t);
            }
            packets.addAll(p);
            if (i == WARM_UP_FRAMES) {
                warmUpPackets = packets.size();
            }
        }
        long[] emitted = new long[1];
        H264Receiver receiver = new H264Receiver(H264Settings.defaults(), (unit, config, changed) -> emitted[0]++);
        long now = feed(receiver, packets, 0, warmUpPackets, 0);

        long before = threads.getCurrentThreadAllocatedBytes();
        feed(receiver, packets, warmUpPackets, packets.size(), now);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(emitted[0]).isGreaterThan(FRAMES / 4);
        assertThat(receiver.counters().packetsLost()).isPositive();
        assertThat(allocated).as("bytes allocated for %d packets", packets.size() - warmUpPackets)
                .isLessThan(MAX_BYTES);
    }

    /** Every 401st packet is lost; one arrival a millisecond. */
    private static long feed(H264Receiver receiver, List<byte[]> packets, int from, int to, long start) {
        long now = start;
        for (int i = from; i < to; i++) {
            now += 1_000_000L;
            if (i % 401 != 400) {
                byte[] p = packets.get(i);
                receiver.receive(p, 0, p.length, now);
            }
            receiver.poll(now);
        }
        return now;
    }

    private static byte[] nal(Random random, int type, int length) {
        byte[] n = new byte[length];
        random.nextBytes(n);
        n[0] = (byte) (0x60 | type);
        return n;
    }
}
