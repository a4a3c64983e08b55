package io.storagesession.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inbox between a relay's thread and its session: RFC 7983 demultiplexing, order, one drain posted at a time, a
 * full ring dropping (and counting) rather than blocking, slots reused, and hostile first bytes and lengths.
 */
class PeerInboxTest {
    private static final InetSocketAddress FROM = new InetSocketAddress("192.0.2.7", 4000);
    private static final int SLOTS = 4;
    private static final int SLOT_BYTES = 100;

    /** The session executor, run by hand. */
    private final ArrayDeque<Runnable> posted = new ArrayDeque<>();
    private final List<String> handled = new ArrayList<>();
    private final PeerInbox inbox = new PeerInbox(SLOTS, SLOTS * SLOT_BYTES, SLOT_BYTES, posted::add, new PeerInbox.Handler() {
        @Override
        public void stun(PeerInbox.Slot slot) {
            handled.add("stun " + slot.data[1] + " from " + slot.from.getPort());
        }

        @Override
        public void media(PeerInbox.Slot slot) {
            handled.add("media " + slot.data[slot.offset + 1] + " length " + slot.length);
        }
    });

    private static ByteBuffer datagram(int first, int tag, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(0, (byte) first);
        if (length > 1) {
            b.put(1, (byte) tag);
        }
        return b;
    }

    private void runPosted() {
        while (!posted.isEmpty()) {
            posted.poll().run();
        }
    }

    @Test
    void stunAndMediaReachTheSessionInOrderThroughOneDrain() {
        inbox.received(datagram(0x00, 1, 20), FROM);
        inbox.received(datagram(0x80, 2, 30), FROM);
        inbox.received(datagram(0x90, 3, 40), FROM);
        assertThat(posted).hasSize(1);
        runPosted();
        assertThat(handled).containsExactly("stun 1 from 4000", "media 2 length 30", "media 3 length 40");
        assertThat(inbox.dropped()).isZero();
    }

    @Test
    void aFullRingDropsAndCountsAndItsSlotsAreReusedOnceDrained() {
        for (int i = 0; i < SLOTS + 3; i++) {
            inbox.received(datagram(0x80, i, 12), FROM);
        }
        assertThat(inbox.dropped()).isEqualTo(3);
        runPosted();
        assertThat(handled).hasSize(SLOTS).last().isEqualTo("media 3 length 12");
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < SLOTS; i++) {
                inbox.received(datagram(0x80, 10 * round + i, 12), FROM);
            }
            runPosted();
        }
        assertThat(handled).hasSize(SLOTS * 6).last().isEqualTo("media 43 length 12");
        assertThat(inbox.dropped()).isEqualTo(3);
    }

    @Test
    void hostileDatagramsAreDroppedAndCountedWithoutReachingTheSession() {
        inbox.received(ByteBuffer.allocate(0), FROM);                      // empty
        inbox.received(datagram(0x80, 1, SLOT_BYTES + 1), FROM);          // longer than a slot
        inbox.received(datagram(0x10, 2, 20), FROM);                      // ZRTP range, not WebRTC
        inbox.received(datagram(0x45, 3, 20), FROM);                      // TURN ChannelData range
        inbox.received(datagram(0xC0, 4, 20), FROM);                      // above RTP/RTCP
        inbox.received(datagram(0x16, 5, 20), FROM);                      // DTLS before there is an endpoint
        assertThat(inbox.dropped()).isEqualTo(6);
        assertThat(posted).isEmpty();
        inbox.received(datagram(0x80, 6, SLOT_BYTES), FROM);              // exactly a slot is fine
        runPosted();
        assertThat(handled).containsExactly("media 6 length " + SLOT_BYTES);
    }

    @Test
    void nothingReachesTheHandlerAfterClose() {
        inbox.received(datagram(0x80, 1, 20), FROM);
        inbox.close();
        inbox.received(datagram(0x80, 2, 20), FROM);
        runPosted();
        assertThat(handled).isEmpty();
        assertThat(inbox.dropped()).isEqualTo(1);
    }

    /**
     * Two relay threads writing at once (a participant with a UDP and a TCP allocation) and the session reading on a
     * third: every datagram arrives once and whole, or is dropped and counted; none is torn or delivered twice.
     */
    @Test
    void twoWritingRelayThreadsNeitherTearNorLoseDatagramsUncounted() throws Exception {
        int perWriter = 200_000;
        int length = 40;
        java.util.concurrent.ExecutorService session = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong torn = new java.util.concurrent.atomic.AtomicLong();
        long[] lastSeen = {-1, -1};
        java.util.concurrent.atomic.AtomicLong reordered = new java.util.concurrent.atomic.AtomicLong();
        PeerInbox shared = new PeerInbox(64, 64 * SLOT_BYTES, SLOT_BYTES, session, new PeerInbox.Handler() {
            @Override
            public void stun(PeerInbox.Slot slot) {
                torn.incrementAndGet();
            }

            @Override
            public void media(PeerInbox.Slot slot) {
                ByteBuffer b = ByteBuffer.wrap(slot.data, slot.offset, slot.length).slice();
                int writer = b.get(1);
                long sequence = b.getLong(8);
                for (int at = 16; at < slot.length; at++) {
                    if (slot.data[slot.offset + at] != (byte) (sequence + writer)) {
                        torn.incrementAndGet();
                        break;
                    }
                }
                if (slot.length != length || writer < 0 || writer > 1) {
                    torn.incrementAndGet();
                    return;
                }
                if (sequence <= lastSeen[writer]) {
                    reordered.incrementAndGet();
                }
                lastSeen[writer] = sequence;
                delivered.incrementAndGet();
            }
        });
        Thread[] writers = new Thread[2];
        for (int w = 0; w < writers.length; w++) {
            int writer = w;
            writers[w] = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(length);
                for (long sequence = 0; sequence < perWriter; sequence++) {
                    b.clear();
                    b.put(0, (byte) 0x80).put(1, (byte) writer).putLong(8, sequence);
                    for (int at = 16; at < length; at++) {
                        b.put(at, (byte) (sequence + writer));
                    }
                    shared.received(b, FROM);
                }
            });
            writers[w].start();
        }
        for (Thread t : writers) {
            t.join();
        }
        session.submit(() -> { }).get();
        session.shutdown();
        assertThat(torn.get()).as("torn or misfiled datagrams").isZero();
        assertThat(reordered.get()).as("one writer's datagrams out of order").isZero();
        assertThat(delivered.get() + shared.dropped()).isEqualTo(2L * perWriter);
        assertThat(delivered.get()).isPositive();
    }

    /** Datagrams take their own size: many small ones fit where few large ones do, and bytes bound what waits. */
    @Test
    void theRingHoldsBytesNotSlotsAndWrapsWithoutTearingADatagram() {
        List<byte[]> got = new ArrayList<>();
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        PeerInbox small = new PeerInbox(64, 250, 100, queue::add, new PeerInbox.Handler() {
            @Override
            public void stun(PeerInbox.Slot slot) {
            }

            @Override
            public void media(PeerInbox.Slot slot) {
                got.add(java.util.Arrays.copyOfRange(slot.data, slot.offset, slot.offset + slot.length));
                slot.data[slot.offset + 1] = 0; // decrypted in place: must not reach the next datagram
            }
        });
        for (int i = 0; i < 12; i++) {
            small.received(datagram(0x80, i, 20), FROM);
        }
        assertThat(small.dropped()).as("12 × 20 bytes fit in 250").isZero();
        queue.poll().run();
        assertThat(got).hasSize(12);
        for (int i = 0; i < 3; i++) {
            small.received(datagram(0x80, 40 + i, 90), FROM);
        }
        assertThat(small.dropped()).as("the third 90-byte datagram does not fit beside two").isEqualTo(1);
        queue.poll().run();
        // the ring's write position is now past its end: the next datagrams start over at the beginning, whole
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 2; i++) {
                ByteBuffer d = datagram(0x80, round, 70 + i * 13);
                for (int at = 2; at < d.capacity(); at++) {
                    d.put(at, (byte) (round * 7 + at));
                }
                small.received(d, FROM);
            }
            queue.poll().run();
        }
        assertThat(small.dropped()).isEqualTo(1);
        List<byte[]> last = got.subList(got.size() - 40, got.size());
        for (int k = 0; k < last.size(); k++) {
            byte[] d = last.get(k);
            int round = k / 2;
            assertThat(d).hasSize(70 + (k % 2) * 13);
            assertThat(d[1]).isEqualTo((byte) round);
            for (int at = 2; at < d.length; at++) {
                assertThat(d[at]).isEqualTo((byte) (round * 7 + at));
            }
        }
    }

    @Test
    void aRingSmallerThanTheLargestDatagramIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PeerInbox(4, 100, 1500, posted::add, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
