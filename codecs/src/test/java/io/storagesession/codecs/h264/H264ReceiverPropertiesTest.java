package io.storagesession.codecs.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Random access unit sequences, packetized every way RFC 6184 mode 1 allows, then lost, reordered and duplicated on
 * the way: whatever the receive path emits is an original access unit byte for byte, in the original order, never one
 * whose reference picture was dropped; and with nothing lost it emits every one.
 */
class H264ReceiverPropertiesTest {
    private static final long MILLI = 1_000_000L;
    private static final int FRAME_TICKS = 3000;
    /** A real OpenH264 SPS and PPS (see {@link SequenceParameterSetTest#OPENH264_320X240}). */
    private static final byte[] SPS = SequenceParameterSetTest.OPENH264_320X240;
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};

    record Original(int index, int timestamp, boolean key, byte[] avcc) {
    }

    @Property(tries = 300)
    void emitsOnlyWholeOriginalsInOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int frames,
                                        @ForAll @DoubleRange(min = 0, max = 0.15) double loss,
                                        @ForAll @DoubleRange(min = 0, max = 0.2) double duplication,
                                        @ForAll @IntRange(min = 0, max = 12) int reorderWindow,
                                        @ForAll @IntRange(min = 100, max = 1400) int maxPayload) {
        Random random = new Random(seed);
        List<Original> originals = new ArrayList<>();
        List<byte[]> sent = send(random, frames, maxPayload, originals);
        Delivery network = impair(random, sent, loss, duplication, reorderWindow);

        List<Original> emitted = receive(network.packets(), originals);

        int previous = -1;
        for (Original o : emitted) {
            assertThat(o.index()).as("order").isGreaterThan(previous);
            assertThat(o.key() || o.index() == previous + 1)
                    .as("access unit %d follows one that was dropped, and is no keyframe", o.index()).isTrue();
            previous = o.index();
        }
        if (!network.lostSome()) {
            assertThat(emitted).hasSize(originals.size());
        }
    }

    /**
     * Whatever bytes arrive, nothing throws, and every packet the jitter buffer refuses is counted once, as what
     * {@link H264Receiver#receive} said it was; and every access unit that comes out reaches the listener unless no SPS
     * and PPS are known yet (then it is counted as such).
     */
    @Property(tries = 200)
    void hostileBytesNeverThrowAndEveryDropIsCounted(@ForAll long seed,
                                                    @ForAll @IntRange(min = 1, max = 400) int packets) {
        Random random = new Random(seed);
        int[] heard = {0};
        H264Receiver receiver = new H264Receiver(H264Settings.defaults(), (u, c, changed) -> heard[0]++);
        long[] outcomes = new long[VideoJitterBuffer.JUMP + 1];
        for (int i = 0; i < packets; i++) {
            byte[] p = new byte[random.nextInt(64)];
            random.nextBytes(p);
            if (p.length > 0 && random.nextBoolean()) {
                p[0] = (byte) (0x80 | p[0] & 0x3F); // often a plausible RTP header, so the payload is parsed too
            }
            outcomes[receiver.receive(p, 0, p.length, i * MILLI)]++;
        }
        receiver.poll(Long.MAX_VALUE / 2);
        H264Counters counters = receiver.counters();
        assertThat(new long[] {outcomes[VideoJitterBuffer.MALFORMED], outcomes[VideoJitterBuffer.TOO_LARGE],
            outcomes[VideoJitterBuffer.WRONG_PAYLOAD_TYPE], outcomes[VideoJitterBuffer.DUPLICATE],
            outcomes[VideoJitterBuffer.LATE], outcomes[VideoJitterBuffer.JUMP]})
                .as("malformed, too large, wrong payload type, duplicate, late, jump")
                .containsExactly(counters.rtpMalformed(), counters.rtpTooLarge(), counters.rtpWrongPayloadType(),
                        counters.rtpDuplicate(), counters.rtpLate(), counters.rtpSequenceJump());
        assertThat(heard[0]).as("access units heard")
                .isEqualTo(counters.accessUnitsEmitted() - counters.accessUnitsWithoutParameterSets());
    }

    /** The sender: frames of random NAL units, a keyframe first and now and then, packetized at random. */
    private static List<byte[]> send(Random random, int frames, int maxPayload, List<Original> originals) {
        Packetizer packetizer = new Packetizer(random, maxPayload,
                random.nextBoolean() ? 0xFFFF - random.nextInt(200) : random.nextInt(0x10000));
        int timestamp = random.nextInt();
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            boolean key = i == 0 || random.nextInt(10) == 0;
            List<byte[]> nals = new ArrayList<>();
            if (key) {
                nals.add(SPS);
                nals.add(PPS);
                nals.add(nal(random, NalUnitType.IDR_SLICE, 1 + random.nextInt(6000)));
            } else {
                if (random.nextInt(5) == 0) {
                    nals.add(nal(random, 6, 1 + random.nextInt(20)));
                }
                for (int s = 1 + random.nextInt(3); s > 0; s--) {
                    nals.add(nal(random, 1, 1 + random.nextInt(3000)));
                }
            }
            originals.add(new Original(i, timestamp, key, Packetizer.avcc(nals)));
            packets.addAll(packetizer.packetize(nals, timestamp));
            timestamp += FRAME_TICKS;
        }
        return packets;
    }

    private static byte[] nal(Random random, int type, int length) {
        byte[] n = new byte[length];
        random.nextBytes(n);
        n[0] = (byte) (n[0] & 0x60 | type);
        return n;
    }

    /** What reached the receiver, and whether any packet never did. */
    record Delivery(List<byte[]> packets, boolean lostSome) {
    }

    /** The network: each packet lost or duplicated at random, then each delayed by up to {@code window} places. */
    private static Delivery impair(Random random, List<byte[]> sent, double loss, double duplication, int window) {
        List<byte[]> kept = new ArrayList<>();
        List<Double> keys = new ArrayList<>();
        boolean lostSome = false;
        for (int i = 0; i < sent.size(); i++) {
            if (random.nextDouble() < loss) {
                lostSome = true;
                continue;
            }
            int copies = random.nextDouble() < duplication ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                kept.add(sent.get(i));
                keys.add(i + random.nextDouble() * window);
            }
        }
        Integer[] order = new Integer[kept.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(keys.get(a), keys.get(b)));
        List<byte[]> out = new ArrayList<>();
        for (Integer i : order) {
            out.add(kept.get(i));
        }
        return new Delivery(out, lostSome);
    }

    /** The receiver: one arrival a millisecond, each emitted access unit matched to the original it must equal. */
    private static List<Original> receive(List<byte[]> network, List<Original> originals) {
        Map<Integer, Original> byTimestamp = new HashMap<>();
        originals.forEach(o -> byTimestamp.put(o.timestamp(), o));
        List<Original> emitted = new ArrayList<>();
        // a small first access unit buffer, so fragments joined into it make it grow while a keyframe is assembled
        H264Settings settings = new H264Settings(Duration.ofMillis(150), 512, 32 * 1024, 512 * 1024, 1500, 3000,
                1 << 20, 1024);
        H264Receiver receiver = new H264Receiver(settings, (unit, config, changed) -> {
            Original o = byTimestamp.get(unit.timestamp());
            assertThat(o).as("an access unit with a timestamp never sent").isNotNull();
            assertThat(Arrays.copyOf(unit.data(), unit.length())).as("access unit %d", o.index()).isEqualTo(o.avcc());
            assertThat(unit.keyframe()).isEqualTo(o.key());
            emitted.add(o);
        });
        receiver.expectPayloadType(Packetizer.PAYLOAD_TYPE);
        long now = 0;
        for (byte[] p : network) {
            now += MILLI;
            receiver.receive(p, 0, p.length, now);
            receiver.poll(now);
        }
        receiver.poll(now + Duration.ofSeconds(1).toNanos());
        return emitted;
    }
}
