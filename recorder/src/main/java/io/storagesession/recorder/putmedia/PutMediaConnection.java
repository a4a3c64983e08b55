package io.storagesession.recorder.putmedia;

import java.util.List;

/**
 * One PutMedia request: a body going up and, on the same connection, the acknowledgement stream coming down
 * (KVS-WIRE.md §4) — chunked HTTP/1.1 ({@link HttpPutMediaConnection}) or the server's own store in-process
 * ({@link LocalPutMediaConnection}). It knows nothing of fragments; it writes bytes, hands over acknowledgements and
 * reports its end exactly once, whatever ended it (a refusal, the service ending the acknowledgements, a reset, or the
 * client closing it). Confined to the client's context.
 */
abstract class PutMediaConnection {
    /** How the service ending the acknowledgements is reported. */
    static final String SERVICE_ENDED = "the service ended the response";

    /** {@link Listener#ack}'s timecode of an acknowledgement that names no fragment (IDLE, some ERRORs). */
    static final long NO_TIMECODE = -1;

    /**
     * What the client hears from a connection. Acknowledgements come one call each, as primitives, so that the
     * in-process connection hands them over without making an object per acknowledgement.
     */
    interface Listener {
        /**
         * One acknowledgement (KVS-WIRE.md §4), in order.
         *
         * @param fragmentTimecode the cluster Timecode it names, or {@link #NO_TIMECODE}
         * @param errorId          the ErrorId of an ERROR, 0 otherwise
         */
        void ack(PutMediaConnection connection, AckEvent.Type type, long fragmentTimecode, int errorId);

        /** The acknowledgements that arrived together have all been told: what they changed may be acted on. */
        void acksRead(PutMediaConnection connection);

        /**
         * @param reason why it ended, for the log
         * @param failed false when the client closed it or the service ended the response after the body ended
         */
        void ended(PutMediaConnection connection, String reason, boolean failed);
    }

    final long id;
    final long openedAtNanos;
    final PutMediaMetrics metrics;
    final Listener listener;
    private boolean bodyEnded;
    private boolean ended;
    /** The stream header last written on this connection: the one the fragments written next belong to. */
    byte[] headerWritten;
    /** Being replaced: its body has ended (rotation or close) and it only waits for the last acknowledgements. */
    boolean retiring;

    PutMediaConnection(long id, PutMediaMetrics metrics, Listener listener) {
        this.id = id;
        this.openedAtNanos = System.nanoTime();
        this.metrics = metrics;
        this.listener = listener;
    }

    /** The reason a refusal before the body is reported with, the same for every kind of connection. */
    static String refusal(int status, String errorType) {
        return "HTTP " + status + " " + errorType;
    }

    /** Writes {@code bytes[0, length)}, which the caller may change once this returns. */
    final void write(byte[] bytes, int length) {
        if (!bodyEnded && !ended) {
            send(bytes, length);
        }
    }

    /** Writes the fragment kept in {@code fragment}, which the caller may give back once this returns. */
    final void write(FragmentBytes fragment) {
        if (!bodyEnded && !ended) {
            send(fragment);
        }
    }

    /**
     * Tells the listener {@code events}, parsed together, one by one; nothing after one that ended the connection (an
     * ERROR the client acted on).
     */
    final void deliver(List<AckEvent> events) {
        for (int i = 0; i < events.size() && !ended; i++) {
            AckEvent e = events.get(i);
            listener.ack(this, e.type(), e.fragmentTimecode().orElse(NO_TIMECODE), e.errorId().orElse(0));
        }
        if (!ended) {
            listener.acksRead(this);
        }
    }

    abstract void send(byte[] bytes, int length);

    /** Sends a fragment chunk by chunk; a connection that can take it in one piece does so. */
    void send(FragmentBytes fragment) {
        for (int i = 0; i < fragment.chunkCount(); i++) {
            send(fragment.chunk(i), fragment.chunkLength(i));
        }
    }

    abstract boolean writeQueueFull();

    abstract void onDrain(Runnable action);

    /** Ends the body on the wire (the terminating zero-length chunk). */
    abstract void finishBody();

    /** Drops the connection without waiting for anything more. */
    abstract void disconnect();

    final boolean bodyEnded() {
        return bodyEnded || ended;
    }

    final boolean isEnded() {
        return ended;
    }

    /** Ends the body; acknowledgements may still arrive. */
    final void endBody() {
        if (!bodyEnded && !ended) {
            bodyEnded = true;
            finishBody();
        }
    }

    /** Closes the connection without waiting for anything more; reports the end unless already reported. */
    final void close(String reason) {
        if (!ended) {
            end(reason, false);
        }
    }

    /** Closes the connection as failed: the client reconnects with backoff. */
    final void fail(String reason) {
        end(reason, true);
    }

    /** Reports the end once and drops the connection. */
    final void end(String reason, boolean failed) {
        if (ended) {
            return;
        }
        ended = true;
        disconnect();
        listener.ended(this, reason, failed);
    }
}
