package io.storagesession.mediastore.ingest;

/**
 * What carries one PutMedia upload between the producer and its {@link PutMediaUpload}: the HTTP request and its
 * response ({@link HttpUploadTransport}), or the server's own recorder in the same process ({@link LocalUpload}).
 * The upload decides every acknowledgement and every rule (KVS-WIRE.md §4); the transport only delivers them and
 * throttles the body. Called on the upload's context.
 */
interface UploadTransport {
    /**
     * One acknowledgement, in order.
     *
     * @param timecode the fragment's Cluster Timecode, or {@link Ack#NONE}
     * @param number   the fragment number, or {@link Ack#NONE}
     * @param errorId  the ErrorId of an ERROR, 0 otherwise
     */
    void ack(Ack.Type type, long timecode, long number, int errorId);

    /** Stop taking body bytes for now: fragments wait for the disk (back-pressure). */
    void pause();

    /** Take body bytes again. */
    void resume();

    /** The upload reads nothing more of the body (an ERROR, a newer connection, the idle timeout). */
    void stopReading();

    /**
     * The acknowledgement stream ends (everything PERSISTED, or after an ERROR).
     *
     * @param closeConnection true when the body may still be arriving, so the connection must go too
     */
    void end(boolean closeConnection);
}
