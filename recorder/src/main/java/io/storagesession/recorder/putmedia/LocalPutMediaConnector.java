package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Opens in-process connections to this server's own store for one stream ({@link EmbeddedStore}): no endpoint to
 * find, nothing to sign (the store checks the server's own key), no socket.
 */
final class LocalPutMediaConnector implements PutMediaConnector {
    private final Context context;
    private final StreamId stream;
    private final EmbeddedStore store;

    LocalPutMediaConnector(Context context, StreamId stream, EmbeddedStore store) {
        this.context = context;
        this.stream = stream;
        this.store = store;
    }

    @Override
    public Future<PutMediaConnection> open(long id, long startTimecode, PutMediaMetrics metrics,
                                           PutMediaConnection.Listener listener) {
        LocalPutMediaConnection connection = new LocalPutMediaConnection(id, context, metrics, listener);
        connection.open(store, stream, startTimecode);
        return Future.succeededFuture(connection);
    }

    @Override
    public void forgetEndpoint() {
        // Always this process.
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
