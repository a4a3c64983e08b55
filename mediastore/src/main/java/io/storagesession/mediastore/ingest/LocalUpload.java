package io.storagesession.mediastore.ingest;

import io.vertx.core.Context;

/**
 * A PutMedia upload from inside this process: the server's own recorder storing a session in its own store.
 *
 * <p>Why it exists: over HTTP the recorder's MKV went through a loopback hop that copied it three times — into the
 * client's Vert.x buffers, into the HTTP server's buffer of each request chunk, into an array for the parser — which
 * was most of the server's garbage, for bytes that never leave the process. Here the producer's bytes go straight into
 * the upload's {@link io.storagesession.mediastore.mkv.MkvStreamParser}, as the embedded TURN server hands a session
 * its relayed packets in-process instead of over a loopback TURN allocation. Everything else is the HTTP upload's:
 * the same {@link PutMediaUpload} with its rules and limits, the same acknowledgements in the same order (as values,
 * not JSON), the same refusals before the body (an unknown or inactive stream, a caller not allowed PutMedia) with the
 * HTTP status and error type KVS would answer, the same one upload per stream, back-pressure and idle timeout.
 *
 * <p>Confined to the producer's context (an event loop), which is also the upload's: every method is called on it,
 * and the {@link Listener} is called on it, possibly from inside {@link #write} (BUFFERING, RECEIVED, an ERROR) —
 * a producer that reacts to an acknowledgement by writing again must defer that. Nothing is allocated per call.
 */
public final class LocalUpload implements UploadTransport {
    /** What the producer hears, on the upload's context. */
    public interface Listener {
        /**
         * One acknowledgement (KVS-WIRE.md §4), in the order the HTTP response would carry it.
         *
         * @param timecode the fragment's Cluster Timecode, or {@link Ack#NONE}
         * @param number   the fragment number, or {@link Ack#NONE}
         * @param errorId  the ErrorId of an ERROR, 0 otherwise
         */
        void ack(Ack.Type type, long timecode, long number, int errorId);

        /** The upload was refused before its body, as HTTP would answer {@code status} with {@code errorType}. */
        void refused(int status, String errorType, String message);

        /** The store ended the acknowledgements (all PERSISTED after the body ended, an ERROR, the idle timeout). */
        void ended();
    }

    private final Context context;
    private final Listener listener;
    private PutMediaUpload upload;
    private Runnable drainHandler;
    private boolean paused;
    private boolean reading = true;
    private boolean bodyEnded;
    private boolean ended;

    LocalUpload(Context context, Listener listener) {
        this.context = context;
        this.listener = listener;
    }

    /** Starts {@code upload} with this as its transport. */
    void start(PutMediaUpload upload) {
        this.upload = upload;
        upload.start(this);
    }

    /** Refused before the body: tells the producer, and the upload is over. */
    void refuse(int status, String errorType, String message) {
        ended = true;
        listener.refused(status, errorType, message);
    }

    /** Body bytes, lent for the call: parsed (and the blocks kept) before it returns. */
    public void write(byte[] bytes, int offset, int length) {
        if (reading && !bodyEnded && !ended) {
            upload.bytes(bytes, offset, length);
        }
    }

    /** True while the store waits for its disk (max-unpersisted-bytes): write again after {@link #onDrain}. */
    public boolean writeQueueFull() {
        return paused && !ended;
    }

    /** Runs {@code action} once, in a task of its own, when the store takes bytes again. */
    public void onDrain(Runnable action) {
        this.drainHandler = action;
    }

    /** The body ends (the producer's end of stream): the last fragment is complete. */
    public void endBody() {
        if (!bodyEnded && !ended) {
            bodyEnded = true;
            if (reading) {
                upload.bodyEnded();
            }
        }
    }

    /** The producer closes the upload: nothing more is acknowledged, the stream's upload slot is freed. */
    public void close() {
        if (!ended) {
            ended = true;
            upload.transportClosed();
        }
    }

    @Override
    public void ack(Ack.Type type, long timecode, long number, int errorId) {
        if (!ended) {
            listener.ack(type, timecode, number, errorId);
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        if (drainHandler != null) {
            // Not from inside the store's completion: the acknowledgement being written comes first, as over HTTP.
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        Runnable action = drainHandler;
        drainHandler = null;
        if (action != null && !paused && !ended) {
            action.run();
        }
    }

    @Override
    public void stopReading() {
        reading = false;
    }

    @Override
    public void end(boolean closeConnection) {
        if (!ended) {
            ended = true;
            listener.ended();
        }
    }
}
