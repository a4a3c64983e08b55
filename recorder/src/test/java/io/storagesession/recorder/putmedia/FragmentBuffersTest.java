package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared arrays of fragments awaiting PERSISTED: reused once grown, bounded, and safe across two threads. */
class FragmentBuffersTest {
    private static final double HEADROOM = 0.25;

    @Test
    void aGivenBackArrayIsTakenAgainOnceItFits() {
        FragmentBuffers buffers = new FragmentBuffers(2, 1 << 20, HEADROOM);
        byte[] first = buffers.take(1000);
        assertThat(first.length).as("with headroom").isEqualTo(1250);
        buffers.give(first);
        assertThat(buffers.take(first.length)).isSameAs(first);
        buffers.give(first);
        byte[] larger = buffers.take(first.length + 1);
        assertThat(larger).isNotSameAs(first);
        assertThat(buffers.keptCount()).as("the one too small was let go").isZero();
    }

    @Test
    void anArrayGivenBackTwiceIsRefusedRatherThanHandedToTwoFragments() {
        FragmentBuffers buffers = new FragmentBuffers(2, 1 << 20, HEADROOM);
        byte[] array = buffers.take(100);
        buffers.give(array);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> buffers.give(array))
                .isInstanceOf(IllegalStateException.class);
        assertThat(buffers.keptCount()).isEqualTo(1);
    }

    @Test
    void keepsNoMoreThanItsSlotsNorArraysOverTheRetainedSize() {
        FragmentBuffers buffers = new FragmentBuffers(2, 4096, HEADROOM);
        buffers.give(new byte[100]);
        buffers.give(new byte[100]);
        buffers.give(new byte[100]);
        buffers.give(new byte[5000]);
        assertThat(buffers.keptCount()).isEqualTo(2);
    }

    @Test
    void takenOnOneThreadAndGivenBackOnAnotherNoArrayIsHandedOutTwice() throws Exception {
        FragmentBuffers buffers = new FragmentBuffers(4, 1 << 20, HEADROOM);
        ConcurrentLinkedQueue<byte[]> inFlight = new ConcurrentLinkedQueue<>();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        int rounds = 20_000;
        CountDownLatch done = new CountDownLatch(2);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                byte[] b = buffers.take(64);
                if (inFlight.stream().anyMatch(x -> x == b)) {
                    problems.add("array handed out while in use");
                }
                inFlight.add(b);
            }
            done.countDown();
        });
        Thread consumer = new Thread(() -> {
            int given = 0;
            while (given < rounds) {
                byte[] b = inFlight.poll();
                if (b != null) {
                    buffers.give(b);
                    given++;
                }
            }
            done.countDown();
        });
        producer.start();
        consumer.start();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(problems).isEmpty();
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kept.add(buffers.take(64));
        }
        java.util.Set<byte[]> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        distinct.addAll(kept);
        assertThat(distinct).as("four different arrays").hasSize(4);
    }
}
