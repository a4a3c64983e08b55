package io.storagesession.recorder;

import io.storagesession.recorder.putmedia.ChunkPool;
import io.storagesession.recorder.putmedia.FragmentBytes;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording's fragments uploaded with PutMedia ({@link PutMediaClient}: kept until PERSISTED, resent after any
 * failure). The recorder writes each fragment into chunks of the client's pool ({@link #chunkPool}) and the client
 * takes them as they are rather than a copy, returning them to the pool once PERSISTED; a stream header, lent, is
 * copied. The end of the recording closes the upload, which waits for the last
 * acknowledgements off the session executor.
 */
final class PutMediaSink implements FragmentSink {
    private static final Logger LOG = LoggerFactory.getLogger(PutMediaSink.class);
    private final PutMediaClient client;
    private final String stream;
    private final Consumer<Future<Void>> ending;

    /** @param ending told of the upload's completion, so that a shutdown can wait for the last acknowledgements */
    PutMediaSink(PutMediaClient client, String stream, Consumer<Future<Void>> ending) {
        this.client = client;
        this.stream = stream;
        this.ending = ending;
    }

    @Override
    public void streamHeader(byte[] header, int off, int len) {
        client.streamHeader(header, off, len);
    }

    @Override
    public Optional<ChunkPool> chunkPool() {
        return Optional.of(client.chunkPool());
    }

    @Override
    public void fragment(FragmentBytes bytes, long clusterTimecode) {
        client.handOver(bytes, clusterTimecode);
    }

    @Override
    public void end() {
        Future<Void> closed = client.close();
        ending.accept(closed);
        closed.onComplete(ar -> {
            if (ar.succeeded()) {
                LOG.info("recording of {} complete: {} fragment(s) persisted", stream,
                        client.metrics().fragmentsPersisted());
            } else {
                LOG.error("recording of {} ended with losses: {}", stream, ar.cause().getMessage());
            }
        });
    }
}
