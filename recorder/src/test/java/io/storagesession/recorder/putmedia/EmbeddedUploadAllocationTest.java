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
 * executor in production) writes each fragment into an array of the {@link FragmentBuffers}, hands that array over,
 * and the upload gives it back once the fragment is PERSISTED. 100 fragments of 200 KB go to an in-process store that
 * persists each at once; after the first ones the calling thread's allocations are measured with the JVM's
 * per-thread counter, and the arrays are seen to be the same few again and again.
 */
class EmbeddedUploadAllocationTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int FRAGMENT_BYTES = 200_000;
    private static final int WARM_UP = 50;
    private static final int MEASURED = 50;
    /** The fragment's small bookkeeping (its record, the hand-off task); a copied fragment would be 200 KB. */
    private static final long MAX_BYTES_PER_FRAGMENT = 1024;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Acknowledges each write (one fragment) BUFFERING, RECEIVED and PERSISTED, as the store does within ms. */
    private static final EmbeddedStore PERSISTING = (stream, start, context, events) -> new EmbeddedStore.Upload() {
        private long number;

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (length < FRAGMENT_BYTES) {
                return;
            }
            long timecode = ((bytes[offset] & 0xFFL) << 8 | (bytes[offset + 1] & 0xFFL)) + T0;
            number++;
            events.ack(AckEvent.Type.BUFFERING, timecode, number, 0);
            events.ack(AckEvent.Type.RECEIVED, timecode, number, 0);
            long n = number;
            context.runOnContext(v -> events.ack(AckEvent.Type.PERSISTED, timecode, n, 0));
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
                PutMediaMetrics.Export.NONE, UploadHealth.NONE, FragmentBuffers.from(settings));
        client.streamHeader(new byte[] {1, 2, 3});
        java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long measured = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            byte[] fragment = client.fragmentArray(FRAGMENT_BYTES);
            fragment[0] = (byte) (i >> 8);
            fragment[1] = (byte) i;
            client.handOver(fragment, FRAGMENT_BYTES, T0 + i);
            long after = threads.getCurrentThreadAllocatedBytes();
            if (i >= WARM_UP) {
                measured += after - before;
                arrays.add(fragment);
            }
            long persisted = i + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> client.metrics().fragmentsPersisted() == persisted);
        }
        System.out.printf("upload hand-over: %d bytes allocated for %d fragments of %d bytes: %d per fragment%n",
                measured, MEASURED, FRAGMENT_BYTES, measured / MEASURED);
        assertThat(measured).isLessThan(MEASURED * MAX_BYTES_PER_FRAGMENT);
        assertThat(arrays).as("arrays the measured fragments were written into").hasSize(1);
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
