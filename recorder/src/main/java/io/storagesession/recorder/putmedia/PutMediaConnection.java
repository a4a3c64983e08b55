package io.storagesession.recorder.putmedia;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PutMedia request: a chunked HTTP/1.1 body going up and, on the same connection, the acknowledgement stream
 * coming down (KVS-WIRE.md §4). It knows nothing of fragments; it writes bytes, parses acknowledgements and reports
 * its end exactly once, whatever ended it (HTTP error status, the service ending the response, a reset, or the
 * client closing it). Confined to the client's context.
 */
final class PutMediaConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PutMediaConnection.class);
    private static final int HTTP_OK = 200;

    /** What the client hears from a connection. */
    interface Listener {
        void acks(PutMediaConnection connection, List<AckEvent> events);

        /**
         * @param reason why it ended, for the log
         * @param failed false when the client closed it or the service ended the response after the body ended
         */
        void ended(PutMediaConnection connection, String reason, boolean failed);
    }

    final long id;
    final long openedAtNanos;
    private final HttpClientRequest request;
    private final AckParser parser;
    private final PutMediaMetrics metrics;
    private final Listener listener;
    private boolean bodyEnded;
    private boolean ended;
    /** The stream header last written on this connection: the one the fragments written next belong to. */
    Buffer headerWritten;
    /** Being replaced: its body has ended (rotation or close) and it only waits for the last acknowledgements. */
    boolean retiring;

    PutMediaConnection(long id, HttpClientRequest request, AckParser parser, PutMediaMetrics metrics, Listener listener) {
        this.id = id;
        this.openedAtNanos = System.nanoTime();
        this.request = request;
        this.parser = parser;
        this.metrics = metrics;
        this.listener = listener;
        request.setChunked(true);
        request.exceptionHandler(e -> end("request failed: " + e, true));
        request.connection().closeHandler(v -> end("connection closed", true));
        request.response().onSuccess(this::response).onFailure(e -> end("no response: " + e, true));
    }

    private void response(HttpClientResponse response) {
        if (response.statusCode() != HTTP_OK) {
            end("HTTP " + response.statusCode() + " " + response.getHeader("x-amzn-ErrorType"), true);
            return;
        }
        metrics.connected();
        response.exceptionHandler(e -> end("response failed: " + e, true));
        // After the body ended (rotation, close) the service ending the response is the expected end.
        response.endHandler(v -> end("the service ended the response", !bodyEnded));
        response.handler(this::ackBytes);
    }

    private void ackBytes(Buffer chunk) {
        if (ended) {
            return;
        }
        long garbageBefore = parser.garbage();
        List<AckEvent> events = parser.feed(chunk);
        long garbage = parser.garbage() - garbageBefore;
        if (garbage > 0) {
            metrics.garbage(garbage);
            LOG.warn("PutMedia connection {}: {} unreadable item(s) in the acknowledgement stream", id, garbage);
        }
        if (!events.isEmpty()) {
            listener.acks(this, events);
        }
    }

    void write(Buffer bytes) {
        if (!bodyEnded && !ended) {
            request.write(bytes);
        }
    }

    boolean writeQueueFull() {
        return request.writeQueueFull();
    }

    void onDrain(Runnable action) {
        request.drainHandler(v -> action.run());
    }

    boolean bodyEnded() {
        return bodyEnded || ended;
    }

    /** Ends the chunked body (the terminating zero-length chunk); acknowledgements may still arrive. */
    void endBody() {
        if (!bodyEnded && !ended) {
            bodyEnded = true;
            request.end();
        }
    }

    /** Closes the connection without waiting for anything more; reports the end unless already reported. */
    void close(String reason) {
        if (!ended) {
            end(reason, false);
        }
    }

    /** Closes the connection as failed: the client reconnects with backoff. */
    void fail(String reason) {
        end(reason, true);
    }

    private void end(String reason, boolean failed) {
        if (ended) {
            return;
        }
        ended = true;
        request.connection().close();
        listener.ended(this, reason, failed);
    }
}
