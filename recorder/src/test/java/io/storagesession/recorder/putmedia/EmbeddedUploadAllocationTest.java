package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handing fragments to an upload costs neither a copy of each nor a new array: the recorder's thread (the session
 * executor in production) writes each fragment into chunks of the {@link ChunkPool}, hands the chunks over, and the
 * upload gives them back once the fragment is PERSISTED. 100 fragments of 200 KB go to an in-process store that
 * persists each at once, reading them chunk by chunk as a byte stream; after the first ones the calling thread's
 * allocations are measured with the JVM's per-thread counter, and the chunks are seen to be the same few again and
 * again.
 */
class EmbeddedUploadAllocationTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENT_BYTES = 200_000;
    private static final int WARM_UP = 50;
    private static final int MEASURED = 50;
    /** The fragment's small bookkeeping (the hand-off task); a copied fragment would be 200 KB. */
    private static final long MAX_BYTES_PER_FRAGMENT = 1024;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Reads the body as a byte stream — the stream header's write, then fragments of {@link #FRAGMENT_BYTES} whose
     * first two bytes say their timecode, in writes of any size — and acknowledges each fragment BUFFERING, RECEIVED
     * and PERSISTED at its last byte, as the store does within ms.
     */
    private static final EmbeddedStore PERSISTING = (stream, start, context, events) -> new EmbeddedStore.Upload() {
        private long number;
        private boolean header = true;
        private long received;
        private long timecode;

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (header) {
                header = false;
                return;
            }
            if (received % FRAGMENT_BYTES == 0) {
                timecode = ((bytes[offset] & 0xFFL) << 8 | (bytes[offset + 1] & 0xFFL)) + T0;
            }
            received += length;
            if (received % FRAGMENT_BYTES != 0) {
                return;
            }
            number++;
            events.ack(AckEvent.Type.BUFFERING, timecode, number, 0);
            events.ack(AckEvent.Type.RECEIVED, timecode, number, 0);
            long n = number;
            long tc = timecode;
            context.runOnContext(v -> events.ack(AckEvent.Type.PERSISTED, tc, n, 0));
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void onDrain(Runnable action) {
        }

        @Override
        public void endBody() {
            events.ended();
        }

        @Override
        public void close() {
        }
    };

    @Test
    void handingOverAFragmentAllocatesNeitherACopyNorAnArray() throws Exception {
        PutMediaSettings settings = PutMediaSettings.defaults();
        Context context = vertx.getOrCreateContext();
        PutMediaClient client = PutMediaClient.embedded(vertx, context, settings, StreamId.ofName("s"), PERSISTING,
                PutMediaMetrics.Export.NONE, UploadHealth.NONE, ChunkPool.from(settings));
        client.streamHeader(new byte[] {1, 2, 3});
        java.util.Set<byte[]> chunks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FragmentBytes fragment = new FragmentBytes(client.chunkPool());
        byte[] content = new byte[FRAGMENT_BYTES];
        long measured = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            content[0] = (byte) (i >> 8);
            content[1] = (byte) i;
            fragment.write(content, 0, FRAGMENT_BYTES);
            if (i >= WARM_UP) {
                for (int c = 0; c < fragment.chunkCount(); c++) {
                    chunks.add(fragment.chunk(c));
                }
            }
            client.handOver(fragment, T0 + i);
            long after = threads.getCurrentThreadAllocatedBytes();
            if (i >= WARM_UP) {
                measured += after - before;
            }
            long persisted = i + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> client.metrics().fragmentsPersisted() == persisted);
        }
        System.out.printf("upload hand-over: %d bytes allocated for %d fragments of %d bytes: %d per fragment%n",
                measured, MEASURED, FRAGMENT_BYTES, measured / MEASURED);
        assertThat(measured).isLessThan(MEASURED * MAX_BYTES_PER_FRAGMENT);
        int perFragment = (FRAGMENT_BYTES + settings.fragmentChunks().chunkBytes() - 1)
                / settings.fragmentChunks().chunkBytes();
        assertThat(chunks).as("chunks the measured fragments were written into, %d a fragment", perFragment)
                .hasSizeLessThanOrEqualTo(2 * perFragment);
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
