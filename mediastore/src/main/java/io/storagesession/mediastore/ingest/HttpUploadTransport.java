package io.storagesession.mediastore.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A PutMedia upload over HTTP/1.1 (KVS-WIRE.md §4): the chunked request body is the MKV, the chunked 200 response
 * carries the acknowledgements as concatenated JSON objects, and back-pressure is TCP's (the request is paused).
 * Confined to the request's event loop.
 */
final class HttpUploadTransport implements UploadTransport {
    /** The first size of the chunk copy buffer: Vert.x's default HTTP chunk size; it grows to the largest chunk. */
    private static final int INITIAL_CHUNK_BYTES = 8192;

    private final HttpServerRequest request;
    private final PutMediaUpload upload;
    /** Each chunk is copied here for the parser, instead of into a new array per chunk. */
    private byte[] chunkBytes = new byte[INITIAL_CHUNK_BYTES];

    HttpUploadTransport(HttpServerRequest request, PutMediaUpload upload) {
        this.request = request;
        this.upload = upload;
    }

    /** Answers 200 and starts reading the body; call on the request's event loop. */
    void start(String requestId) {
        HttpServerResponse response = request.response();
        response.setChunked(true).setStatusCode(200).putHeader("x-amzn-RequestId", requestId)
                .putHeader("Content-Type", "application/json");
        response.closeHandler(v -> upload.transportClosed());
        response.writeHead();
        upload.start(this);
        request.handler(this::chunk);
        request.endHandler(v -> upload.bodyEnded());
        request.exceptionHandler(e -> upload.readFailed(e.toString()));
        request.resume();
    }

    private void chunk(Buffer chunk) {
        int length = chunk.length();
        if (length > chunkBytes.length) {
            chunkBytes = new byte[Math.max(length, chunkBytes.length * 2)];
        }
        chunk.getBytes(0, length, chunkBytes, 0);
        upload.bytes(chunkBytes, 0, length);
    }

    @Override
    public void ack(Ack.Type type, long timecode, long number, int errorId) {
        HttpServerResponse response = request.response();
        if (!response.ended() && !response.closed()) {
            response.write(Ack.json(type, timecode, number, errorId));
        }
    }

    @Override
    public void pause() {
        request.pause();
    }

    @Override
    public void resume() {
        request.resume();
    }

    @Override
    public void stopReading() {
        request.handler(null);
        request.endHandler(null);
    }

    @Override
    public void end(boolean closeConnection) {
        HttpServerResponse response = request.response();
        if (!response.ended() && !response.closed()) {
            response.end().onComplete(v -> {
                if (closeConnection) {
                    request.connection().close();
                }
            });
        }
    }
}
