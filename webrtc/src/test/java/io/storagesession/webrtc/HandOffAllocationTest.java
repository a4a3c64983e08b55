package io.storagesession.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Steady state allocates nothing per hand-off to a session (ARCHITECTURE.md: nothing allocated per packet on the
 * media path): the JVM's own count of bytes each thread allocated, on the producing thread and on the worker, across
 * 100 000 hand-offs after a warm-up: fewer bytes than hand-offs, so not one object per hand-off (what it measures is
 * 0; a one-off, the JIT re-materializing an object it had optimized away, is tolerated). Hand-offs go in bursts that
 * fit the ring, as packets do (an inbox posts one drain at a time), and each burst lets the worker run dry and park,
 * so the wake-up path is measured too.
 */
class HandOffAllocationTest {
    private static final int HAND_OFFS = 100_000;
    private static final int BURST = 32;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final SessionWorkers workers = new SessionWorkers(1, 1024);

    @AfterEach
    void stop() {
        workers.shutdown();
    }

    @Test
    void aTaskHandOffAllocatesNothingOnEitherThread() {
        SessionExecutor session = workers.assign();
        AtomicLong ran = new AtomicLong();
        Runnable task = ran::incrementAndGet; // made once, as the clocks' and inboxes' tasks are
        handOff(session, task, ran, HAND_OFFS); // warm-up: compiled code, no first-time allocations
        long producerBefore = THREADS.getCurrentThreadAllocatedBytes();
        long workerBefore = THREADS.getThreadAllocatedBytes(session.worker().threadId());
        handOff(session, task, ran, HAND_OFFS);
        long producer = THREADS.getCurrentThreadAllocatedBytes() - producerBefore;
        long worker = THREADS.getThreadAllocatedBytes(session.worker().threadId()) - workerBefore;
        System.out.printf("hand-offs: producer %d bytes, worker %d bytes%n", producer, worker);
        assertThat(producer).as("bytes the producer allocated in %d hand-offs", HAND_OFFS).isLessThan(HAND_OFFS);
        assertThat(worker).as("bytes the worker allocated running %d tasks", HAND_OFFS).isLessThan(HAND_OFFS);
    }

    @Test
    void aPacketFromTheRelayToTheSessionAllocatesNothing() {
        SessionExecutor session = workers.assign();
        AtomicLong handled = new AtomicLong();
        PeerInbox inbox = new PeerInbox(64, 64 * 1500, 1500, session, new PeerInbox.Handler() {
            @Override
            public void stun(PeerInbox.Slot slot) {
                handled.incrementAndGet();
            }

            @Override
            public void media(PeerInbox.Slot slot) {
                handled.incrementAndGet();
            }
        });
        ByteBuffer rtp = ByteBuffer.allocate(1200);
        rtp.put(0, (byte) 0x80); // RFC 7983: RTP
        InetSocketAddress from = new InetSocketAddress("192.0.2.1", 5000);
        receive(inbox, rtp, from, handled, HAND_OFFS);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long workerBefore = THREADS.getThreadAllocatedBytes(session.worker().threadId());
        receive(inbox, rtp, from, handled, HAND_OFFS);
        long relay = THREADS.getCurrentThreadAllocatedBytes() - before;
        long worker = THREADS.getThreadAllocatedBytes(session.worker().threadId()) - workerBefore;
        System.out.printf("packets: relay thread %d bytes, worker %d bytes%n", relay, worker);
        assertThat(inbox.dropped()).isZero();
        assertThat(relay).as("bytes the relay thread allocated for %d packets", HAND_OFFS).isLessThan(HAND_OFFS);
        assertThat(worker).as("bytes the worker allocated for %d packets", HAND_OFFS).isLessThan(HAND_OFFS);
    }

    private static void handOff(SessionExecutor session, Runnable task, AtomicLong ran, int count) {
        long target = ran.get();
        for (int i = 0; i < count; i += BURST) {
            for (int j = 0; j < BURST; j++) {
                session.execute(task);
            }
            target += BURST;
            while (ran.get() < target) {
                Thread.onSpinWait();
            }
        }
    }

    private static void receive(PeerInbox inbox, ByteBuffer packet, InetSocketAddress from, AtomicLong handled,
                                int count) {
        long target = handled.get();
        for (int i = 0; i < count; i += BURST) {
            for (int j = 0; j < BURST; j++) {
                packet.clear();
                inbox.received(packet, from);
            }
            target += BURST;
            while (handled.get() < target) {
                Thread.onSpinWait();
            }
        }
    }
}
