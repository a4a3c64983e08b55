package io.storagesession.api.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A client-side signaling WebSocket that queues what it receives, for tests to assert on. */
final class TestSocket {
    final WebSocket socket;
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    final AtomicInteger pongs = new AtomicInteger();

    TestSocket(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(received::add);
        socket.pongHandler(b -> pongs.incrementAndGet());
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    void send(JsonObject frame) {
        sendText(frame.encode());
    }

    void sendText(String text) {
        HubFixture.await(socket.writeTextMessage(text));
    }

    /** The next frame received as JSON, waiting up to the fixture's timeout. */
    JsonObject next() {
        String text = nextText();
        return new JsonObject(text);
    }

    String nextText() {
        try {
            String text = received.poll(HubFixture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(text).as("a frame within " + HubFixture.TIMEOUT).isNotNull();
            return text;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts nothing arrives for {@code wait}. */
    void expectNothing(Duration wait) {
        try {
            String text = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(text).as("no frame expected").isNull();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<String> drain() {
        List<String> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** The close status once the server closed the socket, waiting up to the fixture's timeout. */
    short awaitClosed() {
        try {
            return closed.get(HubFixture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the socket was not closed", e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    void ping() {
        HubFixture.await(socket.writePing(Buffer.buffer("ping")));
    }

    void close() {
        HubFixture.await(socket.close());
    }
}
