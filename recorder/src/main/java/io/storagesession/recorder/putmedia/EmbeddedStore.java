package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;

/**
 * This server's own media store, reached in-process instead of with PutMedia over loopback HTTP: the server hands it
 * to the recorder when recordings go to the local store, as the embedded TURN server hands sessions an in-process
 * relay. Why: over HTTP every fragment was copied into the client's Vert.x buffers, again by the HTTP server for each
 * request chunk and again for the store's parser — most of the server's garbage, for bytes that never leave the
 * process. In-process the fragment's bytes go from the upload's buffer straight into the store's MKV parser.
 *
 * <p>Everything but the transport is PutMedia's (KVS-WIRE.md §4): the store applies the same checks (the stream must
 * exist and be ACTIVE, the caller — the server's own key — must be allowed PutMedia on it) and the same rules to the
 * MKV, and answers with the same acknowledgements in the same order; a refusal before the body carries the HTTP status
 * and error type the HTTP upload would get.
 */
public interface EmbeddedStore {
    /**
     * Opens an upload of {@code stream}, ABSOLUTE timecodes, confined to {@code context}: call every method of the
     * upload on it; {@code events} are called on it too, possibly from inside {@link Upload#write} or before this
     * returns (a refusal).
     *
     * @param producerStartMillis the first fragment's timecode (the x-amzn-producer-start-timestamp of HTTP)
     */
    Upload open(StreamId stream, long producerStartMillis, Context context, Events events);

    /** The producer's side of one upload. */
    interface Upload {
        /** Body bytes, lent for the call: the store has taken them when it returns. */
        void write(byte[] bytes, int offset, int length);

        /** The store waits for its disk: write again once {@link #onDrain}'s action runs. */
        boolean writeQueueFull();

        void onDrain(Runnable action);

        /** The end of the body: the last fragment is complete. */
        void endBody();

        /** Ends the upload at once. */
        void close();
    }

    /** What the store tells the producer. */
    interface Events {
        /**
         * An acknowledgement.
         *
         * @param timecode the fragment's Cluster Timecode, or -1 when it names none (IDLE, some ERRORs)
         * @param number   the fragment number, or -1
         * @param errorId  the ErrorId of an ERROR, 0 otherwise
         */
        void ack(AckEvent.Type type, long timecode, long number, int errorId);

        /** Refused before the body, as HTTP would answer {@code status} with {@code errorType}. */
        void refused(int status, String errorType, String message);

        /** The store ended the acknowledgements. */
        void ended();
    }
}
