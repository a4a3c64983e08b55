package io.storagesession.recorder.putmedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-process connection against a store that answers the way the real one does — BUFFERING and RECEIVED from
 * inside the write, PERSISTED later, refusals from inside the open: the client hears every acknowledgement in order,
 * never in the middle of its own write, and every end exactly once.
 */
class LocalPutMediaConnectionTest {
    private static final long T0 = 1_700_000_000_000L;

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final PutMediaMetrics metrics = new PutMediaMetrics(PutMediaMetrics.Export.NONE);
    private boolean writing;
    private boolean closedByClient;
    private EmbeddedStore.Events store;
    private LocalPutMediaConnection connection;

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A store that acknowledges every write at once, from inside it, as the parser completes fragments. */
    private final EmbeddedStore acknowledging = (stream, start, ctx, events) -> {
        store = events;
        return new EmbeddedStore.Upload() {
            private long number;

            @Override
            public void write(byte[] bytes, int offset, int length) {
                writing = true;
                long timecode = T0 + bytes[offset];
                events.ack(AckEvent.Type.BUFFERING, timecode, ++number, 0);
                events.ack(AckEvent.Type.RECEIVED, timecode, number, 0);
                writing = false;
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
                closedByClient = true;
            }
        };
    };

    private final PutMediaConnection.Listener client = new PutMediaConnection.Listener() {
        @Override
        public void ack(PutMediaConnection c, AckEvent.Type type, long timecode, int errorId) {
            assertThat(writing).as("never inside the client's write").isFalse();
            assertThat(Vertx.currentContext()).isSameAs(context);
            heard.add(type + " " + timecode + (type == AckEvent.Type.ERROR ? " " + errorId : ""));
            if (type == AckEvent.Type.ERROR) {
                c.fail("ERROR " + errorId);
            }
        }

        @Override
        public void acksRead(PutMediaConnection c) {
            assertThat(writing).as("never inside the client's write").isFalse();
        }

        @Override
        public void ended(PutMediaConnection c, String reason, boolean failed) {
            heard.add("ended " + reason + (failed ? " (failed)" : ""));
        }
    };

    private void onContext(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            action.run();
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until the context has run the tasks queued on it so far, and those they queued: the connection hands
     * acknowledgements over in a task of its own, which queues another for what arrives meanwhile.
     */
    private void settled() throws Exception {
        onContext(() -> { });
        onContext(() -> { });
    }

    private void open(EmbeddedStore to) throws Exception {
        onContext(() -> {
            connection = new LocalPutMediaConnection(1, context, metrics, client);
            connection.open(to, StreamId.ofName("s"), T0);
        });
    }

    @Test
    void acknowledgementsArriveInOrderAfterTheWriteAndTheEndAfterThem() throws Exception {
        open(acknowledging);
        onContext(() -> {
            connection.write(new byte[] {0}, 1);
            connection.write(new byte[] {1}, 1);
            store.ack(AckEvent.Type.PERSISTED, T0, 1, 0);
            connection.endBody();
            store.ack(AckEvent.Type.PERSISTED, T0 + 1, 2, 0);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 7);
        assertThat(heard).containsExactly("BUFFERING " + T0, "RECEIVED " + T0, "BUFFERING " + (T0 + 1),
                "RECEIVED " + (T0 + 1), "PERSISTED " + T0, "PERSISTED " + (T0 + 1),
                "ended the service ended the response");
        assertThat(metrics.connections()).isEqualTo(1);
    }

    @Test
    void aRefusalEndsTheConnectionAsTheHttpStatusWould() throws Exception {
        open((stream, start, ctx, events) -> {
            events.refused(404, "ResourceNotFoundException", "no stream s");
            return acknowledging.open(stream, start, ctx, events);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
        assertThat(heard).containsExactly("ended HTTP 404 ResourceNotFoundException (failed)");
        assertThat(metrics.connections()).as("never connected").isZero();
        assertThat(closedByClient).as("the store's upload is closed").isTrue();
    }

    @Test
    void anErrorEndsItOnceAndNothingAfterItIsHeard() throws Exception {
        open(acknowledging);
        onContext(() -> {
            connection.write(new byte[] {0}, 1);
            store.ack(AckEvent.Type.ERROR, T0, 1, 4001);
            store.ack(AckEvent.Type.PERSISTED, T0 + 5, 2, 0);
            store.ended();
        });
        settled();
        assertThat(heard).containsExactly("BUFFERING " + T0, "RECEIVED " + T0, "ERROR " + T0 + " 4001",
                "ended ERROR 4001 (failed)");
        assertThat(closedByClient).isTrue();
    }

    @Test
    void theStoreEndingBeforeTheBodyEndedIsAFailure() throws Exception {
        open(acknowledging);
        onContext(() -> store.ended());
        await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
        assertThat(heard).containsExactly("ended the service ended the response (failed)");
    }
}
