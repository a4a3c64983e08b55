package io.storagesession.it;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A signaling WebSocket client on the JDK's own WebSocket implementation, collecting the frames it receives. */
public final class SignalingSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    public SignalingSocket(URI url) throws Exception {
        this(url, HTTP);
    }

    /** A socket opened through {@code http} (for wss:// against the server's own certificate, say). */
    public SignalingSocket(URI url, HttpClient http) throws Exception {
        StringBuilder partial = new StringBuilder();
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(url, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(new JsonObject(partial.toString()));
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    public void send(JsonObject frame) throws Exception {
        socket.sendText(frame.encode(), true).get(5, TimeUnit.SECONDS);
    }

    public JsonObject next() throws InterruptedException {
        JsonObject frame = received.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no signaling frame within 10 s");
        }
        return frame;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
