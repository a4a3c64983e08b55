package io.storagesession.recorder.putmedia;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Uploads one stream with PutMedia (KVS-WIRE.md §4): {@code POST /putMedia}, chunked HTTP/1.1, SigV4-signed, the
 * stream header then fragments, with the service's acknowledgements read on the same connection.
 *
 * <p>Lossless within its bounds: every fragment stays in {@link UnpersistedFragments} until its PERSISTED
 * acknowledgement. Whenever a connection ends — an ERROR acknowledgement (which ends the upload), an HTTP error, a lost
 * connection, a stuck one (nothing PERSISTED within the persist timeout) or a proactive rotation before the service's
 * connection limit (ErrorId 4003) — a new connection sends the stream header again and then every fragment not yet
 * PERSISTED, in order, so nothing PERSISTED is sent twice and nothing unacknowledged is lost. Failures reconnect
 * after an exponential, capped, jittered {@link Backoff}.
 *
 * <p>Fragments the service names as bad (ErrorId 4001 too large, 4002 too long, 4004 timecode backwards, 4006 invalid
 * MKV, 4009 metadata limit, 4010 unknown track, 4011 track without frame) fail the same way however often they are
 * sent, so they are dropped at once and counted as rejected; any other fragment is dropped after
 * {@code max-fragment-attempts} connections, so that no fragment can stall the upload forever.
 *
 * <p>The data endpoint is reached over HTTP, or — for this server's own store — in-process ({@link #embedded}), with
 * the same acknowledgements and the same behaviour. Fragments are kept in chunks of the shared {@link ChunkPool}: the
 * recorder writes each into them and hands the chunks over as they are ({@link #handOver}) in a reused record, and
 * they go back to the pool only when the fragment has left the resend buffer: a steady upload copies no fragment and
 * allocates no array or record per fragment.
 *
 * <p>Confined to one Vert.x context (no locks); the public methods may be called from any thread. {@link #close}
 * always completes: with success when every fragment was PERSISTED, else (failed) with the count of fragments given up
 * at close or before it.
 */
public final class PutMediaClient implements PutMediaConnection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PutMediaClient.class);
    private static final long NO_TIMER = -1;
    /** How a connection ended by an ERROR acknowledgement is reported: the endpoint is fine, the upload is not. */
    private static final String ERROR_REASON = "ERROR";
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final Vertx vertx;
    private final Context context;
    private final PutMediaSettings settings;
    private final StreamId stream;
    private final PutMediaConnector connector;
    private final PutMediaMetrics metrics;
    private final Backoff backoff;
    private final UnpersistedFragments fragments;
    private final UploadHealth health;
    private final UploadLosses losses;
    private final UploadInput input;
    private final FragmentRecords records;

    private byte[] streamHeader;
    private PutMediaConnection current;
    private long connectionIds;
    private boolean connecting;
    /** The timers of {@link #current}, or null while there is none. */
    private ConnectionWatch watch;
    private long reconnectTimer = NO_TIMER;
    private long closeTimer = NO_TIMER;
    private final Promise<Void> closed = Promise.promise();
    private boolean finished;
    /** close() has run on the context: the body of every connection ends once all fragments are written on it. */
    private boolean closing;

    /**
     * @param context     the context the upload is confined to (an event loop)
     * @param credentials the default chain for AWS, static keys for the local store
     * @param export      where this upload's events are also counted process-wide
     */
    public PutMediaClient(Vertx vertx, Context context, PutMediaSettings settings, StreamId stream,
                          PutMediaEndpoint endpoint, AwsCredentialsProvider credentials, PutMediaMetrics.Export export) {
        this(vertx, context, settings, stream, endpoint, credentials, export, UploadHealth.NONE);
    }

    /** @param health told when delivery fails, recovers and loses fragments */
    public PutMediaClient(Vertx vertx, Context context, PutMediaSettings settings, StreamId stream,
                          PutMediaEndpoint endpoint, AwsCredentialsProvider credentials, PutMediaMetrics.Export export,
                          UploadHealth health) {
        this(vertx, context, settings, stream, endpoint, credentials, export, health, ChunkPool.from(settings));
    }

    /** @param chunks where fragments are kept, shared with other uploads */
    public PutMediaClient(Vertx vertx, Context context, PutMediaSettings settings, StreamId stream,
                          PutMediaEndpoint endpoint, AwsCredentialsProvider credentials, PutMediaMetrics.Export export,
                          UploadHealth health, ChunkPool chunks) {
        this(vertx, context, settings, stream, new HttpPutMediaConnector(vertx, context, settings, stream, endpoint,
                credentials), export, health, chunks);
    }

    private PutMediaClient(Vertx vertx, Context context, PutMediaSettings settings, StreamId stream,
                           PutMediaConnector connector, PutMediaMetrics.Export export, UploadHealth health,
                           ChunkPool chunks) {
        this.health = health;
        this.metrics = new PutMediaMetrics(export);
        this.vertx = vertx;
        this.context = context;
        this.settings = settings;
        this.stream = stream;
        this.connector = connector;
        this.losses = new UploadLosses(stream, metrics, health);
        this.input = new UploadInput(stream);
        this.backoff = new Backoff(settings.backoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.records = new FragmentRecords(context, chunks, this::arrived);
        this.fragments = new UnpersistedFragments(settings.maxBufferedMedia(), records::recycle);
    }

    /**
     * An upload to this server's own store, in-process ({@link EmbeddedStore}: no loopback HTTP, no copies into
     * Vert.x buffers); the rest — resending, rotation, timeouts, what is given up — is the HTTP upload's.
     */
    public static PutMediaClient embedded(Vertx vertx, Context context, PutMediaSettings settings, StreamId stream,
                                          EmbeddedStore store, PutMediaMetrics.Export export, UploadHealth health,
                                          ChunkPool chunks) {
        return new PutMediaClient(vertx, context, settings, stream, new LocalPutMediaConnector(context, stream, store),
                export, health, chunks);
    }

    public PutMediaMetrics metrics() {
        return metrics;
    }

    /**
     * The stream header (EBML header, Segment, Info, Tracks; KVS-WIRE.md §5) of the fragments given after it. It is
     * sent first on every connection, and again mid-upload when a later fragment follows a new header — a new
     * Segment whose Tracks describe, say, a new resolution, as the producer SDKs send after a codec change.
     */
    public void streamHeader(byte[] header) {
        streamHeader(header, 0, header.length);
    }

    /** {@link #streamHeader(byte[])} of {@code header[off, off + len)}, which are copied before the call returns. */
    public void streamHeader(byte[] header, int off, int len) {
        input.header();
        byte[] copy = Arrays.copyOfRange(header, off, off + len);
        context.runOnContext(v -> {
            streamHeader = copy;
            ensureConnected();
        });
    }

    /** The shared pool whose chunks a fragment is written into to be {@link #handOver handed over}. */
    public ChunkPool chunkPool() {
        return records.chunks();
    }

    /**
     * One fragment (a Cluster and the Tags before it), complete, with its cluster Timecode in milliseconds, which
     * must grow from fragment to fragment as the service requires (ErrorId 4004). Copied (into chunks of the
     * {@link ChunkPool}) before the call returns.
     */
    public void fragment(byte[] bytes, long clusterTimecode) {
        input.fragment(clusterTimecode);
        PendingFragment record = records.take();
        record.bytes.write(bytes, 0, bytes.length);
        records.send(record, clusterTimecode);
    }

    /**
     * {@link #fragment(byte[], long)} of the fragment written in {@code bytes}, chunks of this upload's
     * {@link #chunkPool}, taken as they are (no copy): {@code bytes} is left empty, for the caller's next fragment.
     * The upload reads the chunks for every (re)send until the fragment is PERSISTED or given up, and only then gives
     * them back to the pool.
     */
    public void handOver(FragmentBytes bytes, long clusterTimecode) {
        input.fragment(clusterTimecode);
        PendingFragment record = records.take();
        bytes.moveTo(record.bytes);
        records.send(record, clusterTimecode);
    }

    /** A fragment handed over reaches the context. */
    private void arrived(PendingFragment fragment) {
        if (finished) {
            fragment.bytes.release();
            records.recycle(fragment);
            return;
        }
        fragment.header = streamHeader;
        fragments.add(fragment, losses);
        records.refill();
        bufferChanged();
        ensureConnected();
        pump();
    }

    /**
     * Ends the body once every fragment is written (the service completes the last fragment only then), waits at most
     * the close timeout for every fragment to be PERSISTED, then closes the connection. Fails (still promptly) when
     * fragments had to be given up.
     */
    public Future<Void> close() {
        input.close();
        context.runOnContext(v -> {
            if (finished || closeTimer != NO_TIMER) {
                return;
            }
            closing = true;
            if (fragments.isEmpty() || streamHeader == null) {
                finish();
            } else {
                closeTimer = vertx.setTimer(settings.closeTimeout().toMillis(), t -> {
                    closeTimer = NO_TIMER;
                    finish();
                });
            }
            pump();
        });
        return closed.future();
    }

    private void ensureConnected() {
        if (finished || current != null || connecting || reconnectTimer != NO_TIMER || streamHeader == null
                || fragments.isEmpty()) {
            return;
        }
        connecting = true;
        connector.open(++connectionIds, fragments.oldestTimecode(), metrics, this).onComplete(ar -> {
            connecting = false;
            if (ar.failed()) {
                metrics.connectionFailed();
                LOG.warn("PutMedia {}: cannot connect: {}", stream, ar.cause().toString());
                health.failing("cannot connect to the data endpoint: " + ar.cause());
                scheduleReconnect();
            } else if (finished) {
                ar.result().close("the upload was closed meanwhile");
            } else {
                opened(ar.result());
            }
        });
    }

    private void opened(PutMediaConnection connection) {
        current = connection;
        LOG.debug("PutMedia {}: connection {} open, resending {} fragment(s)", stream, connection.id, fragments.size());
        watch = new ConnectionWatch(vertx, settings, stream, fragments, connection);
        pump();
    }

    /** Writes the header and then every fragment not yet written on the current connection, in order. */
    private void pump() {
        PutMediaConnection connection = current;
        if (connection == null || connection.bodyEnded()) {
            return;
        }
        if (!fragments.writeOn(connection, settings.maxFragmentAttempts(), losses, metrics)) {
            connection.onDrain(this::pump);
            return;
        }
        if (closing) {
            // An unknown-size Cluster ends only where the next element or the body's end arrives (RFC 8794 §6.2), so
            // the service cannot complete, persist and acknowledge the last fragment before the body ends. Closing
            // therefore ends the body once everything is written and then reads the last acknowledgements, as the
            // KVS C producer does at end of stream.
            connection.endBody();
        }
        bufferChanged();
        if (watch != null) {
            watch.persistence();
        }
    }

    @Override
    public void ack(PutMediaConnection connection, AckEvent.Type type, long fragmentTimecode, int errorId) {
        if (connection != current) {
            return;
        }
        if (type == AckEvent.Type.PERSISTED) {
            persisted(fragmentTimecode);
        } else if (type == AckEvent.Type.ERROR) {
            error(connection, fragmentTimecode, errorId);
        }
    }

    @Override
    public void acksRead(PutMediaConnection connection) {
        if (connection == current) {
            bufferChanged();
            progressed(connection);
        }
    }

    private void persisted(long timecode) {
        long handedOverNanos = fragments.persisted(timecode);
        if (handedOverNanos == UnpersistedFragments.NOT_FOUND) {
            LOG.debug("PutMedia {}: PERSISTED for unknown fragment {} (dropped or acknowledged before)", stream, timecode);
            return;
        }
        metrics.persisted((System.nanoTime() - handedOverNanos) / NANOS_PER_MILLI);
        backoff.reset();
        health.delivering();
    }

    private void error(PutMediaConnection connection, long timecode, int errorId) {
        metrics.errorAck();
        if (timecode != PutMediaConnection.NO_TIMECODE && UploadLosses.condemnsFragment(errorId)
                && fragments.rejected(timecode, errorId, losses)) {
            bufferChanged();
        } else {
            LOG.warn("PutMedia {}: ERROR {} for fragment {}; reconnecting", stream, errorId,
                    timecode == PutMediaConnection.NO_TIMECODE ? "(none named)" : timecode);
        }
        connection.fail(ERROR_REASON + " " + errorId);
    }

    /** After acknowledgements: a closing upload may be done, a retiring connection may be replaced. */
    private void progressed(PutMediaConnection connection) {
        if (input.closeRequested() && fragments.isEmpty()) {
            finish();
        } else if (connection.retiring && fragments.oldestInFlight(connection.id) == null) {
            connection.close("rotated");
        }
    }

    @Override
    public void ended(PutMediaConnection connection, String reason, boolean failed) {
        if (connection != current) {
            return;
        }
        current = null;
        cancelWatch();
        if (finished) {
            return;
        }
        if (!failed) {
            LOG.debug("PutMedia {}: connection {} replaced ({})", stream, connection.id, reason);
            ensureConnected();
            return;
        }
        metrics.connectionFailed();
        if (!reason.startsWith(ERROR_REASON)) {
            connector.forgetEndpoint();
        }
        LOG.warn("PutMedia {}: connection {} ended: {}; {} fragment(s) to resend", stream, connection.id, reason,
                fragments.size());
        health.failing("connection ended: " + reason);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (finished || reconnectTimer != NO_TIMER) {
            return;
        }
        long delay = Math.max(1, backoff.next().toMillis());
        LOG.info("PutMedia {}: reconnecting in {} ms (failure {} in a row)", stream, delay, backoff.failures());
        reconnectTimer = vertx.setTimer(delay, t -> {
            reconnectTimer = NO_TIMER;
            ensureConnected();
        });
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        cancelWatch();
        for (long timer : new long[] {reconnectTimer, closeTimer}) {
            if (timer != NO_TIMER) {
                vertx.cancelTimer(timer);
            }
        }
        PutMediaConnection connection = current;
        current = null;
        if (connection != null) {
            connection.endBody();
            connection.close("closed");
        }
        int lost = fragments.removeAll();
        bufferChanged();
        connector.close();
        Exception losses = this.losses.atClose(lost, settings.closeTimeout());
        if (losses == null) {
            closed.complete();
        } else {
            closed.fail(losses);
        }
    }

    private void cancelWatch() {
        if (watch != null) {
            watch.cancel();
            watch = null;
        }
    }

    private void bufferChanged() {
        metrics.buffer(fragments.size(), fragments.mediaMillis());
    }
}
