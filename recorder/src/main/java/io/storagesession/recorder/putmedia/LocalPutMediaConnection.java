package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A PutMedia connection to this server's own store, in-process ({@link EmbeddedStore}): writes go straight into the
 * store's upload, with no copy and no HTTP. The store reports acknowledgements while a write is still running, so
 * they are queued and handed to the client in a task of their own on the context, as an HTTP response's would be: the
 * client never hears of an acknowledgement in the middle of its own write loop. The queues are reused.
 */
final class LocalPutMediaConnection extends PutMediaConnection implements EmbeddedStore.Events {
    private static final long NONE = -1;

    private final Context context;
    private final Handler<Void> flush = v -> flush();
    private EmbeddedStore.Upload upload;
    private List<AckEvent> pending = new ArrayList<>();
    private List<AckEvent> delivering = new ArrayList<>();
    private boolean flushScheduled;
    private String endReason;
    private boolean endFailed;

    LocalPutMediaConnection(long id, Context context, PutMediaMetrics metrics, Listener listener) {
        super(id, metrics, listener);
        this.context = context;
    }

    /** Opens the store's upload; a refusal is reported like any end, in a later task. */
    void open(EmbeddedStore store, StreamId stream, long startTimecode) {
        upload = store.open(stream, startTimecode, context, this);
        if (endReason == null) {
            metrics.connected();
        }
    }

    @Override
    public void ack(AckEvent.Type type, long timecode, long number, int errorId) {
        pending.add(new AckEvent(type, timecode == NONE ? OptionalLong.empty() : OptionalLong.of(timecode),
                number == NONE ? null : Long.toString(number),
                type == AckEvent.Type.ERROR ? OptionalInt.of(errorId) : OptionalInt.empty()));
        schedule();
    }

    @Override
    public void refused(int status, String errorType, String message) {
        endLater(refusal(status, errorType), true);
    }

    @Override
    public void ended() {
        // After the body ended (rotation, close) the service ending the acknowledgements is the expected end.
        endLater(SERVICE_ENDED, !bodyEnded());
    }

    private void endLater(String reason, boolean failed) {
        if (endReason == null) {
            endReason = reason;
            endFailed = failed;
        }
        schedule();
    }

    private void schedule() {
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        if (isEnded()) {
            pending.clear();
            return;
        }
        if (!pending.isEmpty()) {
            List<AckEvent> events = pending;
            pending = delivering;
            delivering = events;
            listener.acks(this, events);
            events.clear();
        }
        if (endReason != null) {
            end(endReason, endFailed);
        }
    }

    @Override
    void send(byte[] bytes, int length) {
        upload.write(bytes, 0, length);
    }

    @Override
    boolean writeQueueFull() {
        return upload.writeQueueFull();
    }

    @Override
    void onDrain(Runnable action) {
        upload.onDrain(action);
    }

    @Override
    void finishBody() {
        upload.endBody();
    }

    @Override
    void disconnect() {
        if (upload != null) {
            upload.close();
        }
    }
}
