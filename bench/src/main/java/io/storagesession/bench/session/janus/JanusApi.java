package io.storagesession.bench.session.janus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Janus's plain-HTTP API (janus.transport.http): one Janus session for the whole benchmark, a plugin handle per
 * participant, requests by POST, and the asynchronous events (plugin events with their JSEP, trickled candidates,
 * webrtcup, hangup) fetched by one long-poll thread and handed to each handle's listener. The long poll also keeps
 * the session alive (Janus drops sessions idle for 60 s).
 */
final class JanusApi implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Events fetched per long poll at most. */
    private static final int MAX_EVENTS = 50;
    private static final String VIDEOROOM = "janus.plugin.videoroom";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final AtomicLong transactions = new AtomicLong();
    private final Map<Long, Consumer<JsonObject>> listeners = new ConcurrentHashMap<>();
    private final long session;
    private final Thread poller;
    private volatile boolean running = true;

    JanusApi(String base) throws IOException, InterruptedException {
        this.base = base;
        session = post(base, new JsonObject().put("janus", "create")).getJsonObject("data").getLong("id");
        poller = new Thread(this::poll, "janus-events");
        poller.setDaemon(true);
        poller.start();
    }

    /** A VideoRoom handle whose events go to {@code listener} (on the long-poll thread). */
    long attach(Consumer<JsonObject> listener) throws IOException, InterruptedException {
        long handle = post(base + "/" + session, new JsonObject().put("janus", "attach").put("plugin", VIDEOROOM))
                .getJsonObject("data").getLong("id");
        listeners.put(handle, listener);
        return handle;
    }

    /** A plugin message, with a JSEP when not null; returns Janus's immediate answer (ack, or a synchronous result). */
    JsonObject message(long handle, JsonObject body, JsonObject jsep) throws IOException, InterruptedException {
        JsonObject request = new JsonObject().put("janus", "message").put("body", body);
        if (jsep != null) {
            request.put("jsep", jsep);
        }
        return post(base + "/" + session + "/" + handle, request);
    }

    void detach(long handle) {
        try {
            post(base + "/" + session + "/" + handle, new JsonObject().put("janus", "detach"));
        } catch (IOException | RuntimeException e) {
            System.err.println("janus detach failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.remove(handle);
    }

    private JsonObject post(String url, JsonObject request) throws IOException, InterruptedException {
        request.put("transaction", Long.toString(transactions.incrementAndGet()));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(request.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject answer = new JsonObject(response.body());
        if ("error".equals(answer.getString("janus"))) {
            throw new IOException("Janus refused " + request.getString("janus") + ": " + answer.encode());
        }
        return answer;
    }

    private void poll() {
        while (running) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(base + "/" + session + "?maxev="
                        + MAX_EVENTS)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                Object parsed = body.trim().startsWith("[") ? new JsonArray(body) : new JsonObject(body);
                if (parsed instanceof JsonArray events) {
                    events.forEach(e -> dispatch((JsonObject) e));
                } else {
                    dispatch((JsonObject) parsed);
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println("janus long poll: " + e);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void dispatch(JsonObject event) {
        Long sender = event.getLong("sender");
        Consumer<JsonObject> listener = sender == null ? null : listeners.get(sender);
        if (listener != null) {
            listener.accept(event);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            post(base + "/" + session, new JsonObject().put("janus", "destroy"));
        } catch (IOException | RuntimeException e) {
            System.err.println("janus destroy failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller.interrupt();
    }
}
