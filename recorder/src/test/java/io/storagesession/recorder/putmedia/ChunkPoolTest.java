package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared pool of fragment chunks: a chunk given back is taken again rather than a new one made, none is kept
 * beyond the cap, a chunk given back twice is refused, and one taker and one giver on two threads never hand one
 * chunk to two owners.
 */
class ChunkPoolTest {
    private static final int CHUNK = 64;

    @Test
    void aChunkGivenBackIsTakenAgainAndANewOneIsMadeOnlyWhenNoneIsFree() {
        ChunkPool pool = new ChunkPool(CHUNK, 4);
        byte[] first = pool.take();
        byte[] second = pool.take();
        assertThat(first).hasSize(CHUNK).isNotSameAs(second);
        pool.give(first);
        assertThat(pool.freeCount()).isOne();
        assertThat(pool.take()).isSameAs(first);
        assertThat(pool.freeCount()).isZero();
        assertThat(pool.take()).as("the pool is empty: a new chunk").isNotSameAs(first).isNotSameAs(second);
    }

    @Test
    void beyondTheCapAChunkGivenBackIsLetGo() {
        ChunkPool pool = new ChunkPool(CHUNK, 2);
        List<byte[]> chunks = List.of(pool.take(), pool.take(), pool.take());
        chunks.forEach(pool::give);
        assertThat(pool.freeCount()).isEqualTo(2);
        Set<byte[]> again = Collections.newSetFromMap(new IdentityHashMap<>());
        again.add(pool.take());
        again.add(pool.take());
        assertThat(again).containsExactlyInAnyOrder(chunks.get(0), chunks.get(1));
        assertThat(pool.take()).as("the third was let go").isNotSameAs(chunks.get(2));

        ChunkPool none = new ChunkPool(CHUNK, 0);
        byte[] chunk = none.take();
        none.give(chunk);
        assertThat(none.take()).isNotSameAs(chunk);
    }

    @Test
    void aChunkGivenBackTwiceOrNotOfThePoolIsRefused() {
        ChunkPool pool = new ChunkPool(CHUNK, 4);
        byte[] chunk = pool.take();
        pool.give(chunk);
        assertThatThrownBy(() -> pool.give(chunk)).isInstanceOf(IllegalStateException.class);
        assertThat(pool.freeCount()).isOne();
        assertThatThrownBy(() -> pool.give(new byte[CHUNK + 1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkPool(0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkPool(CHUNK, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTakerAndAGiverOnTwoThreadsNeverShareAChunk() throws Exception {
        ChunkPool pool = new ChunkPool(CHUNK, 8);
        int rounds = 200_000;
        ArrayBlockingQueue<byte[]> inFlight = new ArrayBlockingQueue<>(16);
        // Chunks taken and not yet given back: one taken again before it is given back would be in it already.
        Set<byte[]> outstanding = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> taker = threads.submit(() -> {
                int shared = 0;
                for (int i = 0; i < rounds; i++) {
                    byte[] chunk = pool.take();
                    shared += outstanding.add(chunk) ? 0 : 1;
                    inFlight.put(chunk);
                }
                return shared;
            });
            Future<?> giver = threads.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    byte[] chunk = inFlight.take();
                    outstanding.remove(chunk);
                    pool.give(chunk);
                }
                return null;
            });
            assertThat(taker.get(60, TimeUnit.SECONDS)).as("chunks handed out while still held").isZero();
            giver.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(pool.freeCount()).isBetween(1, 8);
        assertThat(outstanding).isEmpty();
    }
}
