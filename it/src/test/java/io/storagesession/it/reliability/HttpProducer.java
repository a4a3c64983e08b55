package io.storagesession.it.reliability;

import io.storagesession.bench.store.SyntheticFragments;
import io.storagesession.recorder.putmedia.PutMediaClient;
import io.storagesession.recorder.putmedia.PutMediaEndpoint;
import io.storagesession.recorder.putmedia.PutMediaMetrics;
import io.storagesession.recorder.putmedia.PutMediaSettings;
import io.storagesession.recorder.putmedia.StreamId;
import io.storagesession.recorder.putmedia.UploadHealth;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A producer uploading to a data endpoint over HTTP exactly as the recorder does — the recorder's own
 * {@link PutMediaClient} (resends, backoff, rotation) with the shipped settings — fed with
 * {@link SyntheticFragments} (3 s, ~370 kB each), one fragment per {@link #send} call. What the client tells about
 * its delivery (the reasons of failed connections, e.g. {@code "connection ended: ERROR 5001"}, and fragments given
 * up) is kept for the test to read.
 */
final class HttpProducer implements AutoCloseable {
    private static final long CLOSE_SECONDS = 30;

    /** The reason of every connection that failed, in order. */
    final List<String> failures = new CopyOnWriteArrayList<>();
    /** Why fragments were given up, one entry per report. */
    final List<String> losses = new CopyOnWriteArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final SyntheticFragments media = new SyntheticFragments();
    private final PutMediaClient client;
    private long nextTimecode = System.currentTimeMillis();
    private int sent;

    HttpProducer(URI endpoint, AwsCredentialsProvider credentials, String stream) {
        UploadHealth health = new UploadHealth() {
            @Override
            public void failing(String reason) {
                failures.add(reason);
            }

            @Override
            public void delivering() {
            }

            @Override
            public void lost(int fragments, String reason) {
                losses.add(fragments + ": " + reason);
            }
        };
        client = new PutMediaClient(vertx, vertx.getOrCreateContext(), PutMediaSettings.defaults(),
                StreamId.ofName(stream), PutMediaEndpoint.fixed(endpoint), credentials, PutMediaMetrics.Export.NONE,
                health);
        client.streamHeader(media.header());
    }

    /** Hands the next fragment to the upload; its timecode follows the previous fragment's end. */
    void send() {
        client.fragment(media.fragment(nextTimecode), nextTimecode);
        nextTimecode += SyntheticFragments.FRAGMENT_MILLIS;
        sent++;
    }

    int sent() {
        return sent;
    }

    PutMediaMetrics metrics() {
        return client.metrics();
    }

    /** Whether a connection ended with an ERROR acknowledgement of {@code errorId}. */
    boolean refusedWith(int errorId) {
        return failures.stream().anyMatch(f -> f.endsWith("ERROR " + errorId));
    }

    /** Ends the upload (waiting for the last acknowledgements, at most the client's close timeout). */
    @Override
    public void close() throws Exception {
        try {
            client.close().toCompletionStage().toCompletableFuture().exceptionally(lost -> null)
                    .get(CLOSE_SECONDS, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
