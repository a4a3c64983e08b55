package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.Arrays;

/**
 * A PutMedia connection to this server's own store, in-process ({@link EmbeddedStore}): writes go straight into the
 * store's upload, with no copy and no HTTP — a fragment chunk by chunk, as the store parses a byte stream wherever it
 * is cut, like an HTTP body's chunks. The store reports acknowledgements while a write is still running, so they are
 * queued and handed to the client in a task of their own on the context, as an HTTP response's would be: the client
 * never hears of an acknowledgement in the middle of its own write loop. The queue is of primitives in arrays that
 * grow only when more acknowledgements wait than ever before, so an acknowledgement allocates nothing.
 */
final class LocalPutMediaConnection extends PutMediaConnection implements EmbeddedStore.Events {
    /** Acknowledgements the queue holds before it first grows: a fragment's three, several times over. */
    private static final int INITIAL_QUEUE = 16;
    private static final AckEvent.Type[] TYPES = AckEvent.Type.values();

    private final Context context;
    private final Handler<Void> flush = v -> flush();
    private EmbeddedStore.Upload upload;
    private byte[] types = new byte[INITIAL_QUEUE];
    private long[] timecodes = new long[INITIAL_QUEUE];
    private int[] errorIds = new int[INITIAL_QUEUE];
    private int queued;
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
        if (queued == types.length) {
            types = Arrays.copyOf(types, queued * 2);
            timecodes = Arrays.copyOf(timecodes, queued * 2);
            errorIds = Arrays.copyOf(errorIds, queued * 2);
        }
        types[queued] = (byte) type.ordinal();
        timecodes[queued] = timecode < 0 ? NO_TIMECODE : timecode;
        errorIds[queued] = type == AckEvent.Type.ERROR ? errorId : 0;
        queued++;
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

    /**
     * Tells the client what was queued before this task ran; what the store acknowledges meanwhile (the client
     * writing in reaction) stays queued for the next task.
     */
    private void flush() {
        flushScheduled = false;
        if (isEnded()) {
            queued = 0;
            return;
        }
        int count = queued;
        if (count > 0) {
            for (int i = 0; i < count && !isEnded(); i++) {
                listener.ack(this, TYPES[types[i]], timecodes[i], errorIds[i]);
            }
            if (!isEnded()) {
                listener.acksRead(this);
            }
            int later = queued - count;
            System.arraycopy(types, count, types, 0, later);
            System.arraycopy(timecodes, count, timecodes, 0, later);
            System.arraycopy(errorIds, count, errorIds, 0, later);
            queued = later;
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
