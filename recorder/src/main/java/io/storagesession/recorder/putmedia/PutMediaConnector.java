package io.storagesession.recorder.putmedia;

import io.vertx.core.Future;

/**
 * Opens the PutMedia connections of one upload: over HTTP to a data endpoint ({@link HttpPutMediaConnector}), or
 * in-process to this server's own store ({@link LocalPutMediaConnector}). Used on the client's context.
 */
interface PutMediaConnector {
    /** A new connection whose first fragment has {@code startTimecode}, completed on the client's context. */
    Future<PutMediaConnection> open(long id, long startTimecode, PutMediaMetrics metrics,
                                    PutMediaConnection.Listener listener);

    /** The endpoint may have moved: ask for it again before the next connection. */
    void forgetEndpoint();

    /** The upload is over: frees what the connector holds. */
    Future<Void> close();
}
