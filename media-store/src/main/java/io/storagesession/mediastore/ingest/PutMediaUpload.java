package io.storagesession.mediastore.ingest;

import io.storagesession.mediastore.MediaStoreMetrics;
import io.storagesession.mediastore.MediaStoreSettings;
import io.storagesession.mediastore.mkv.ErrorIds;
import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvStreamParser;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.FragmentStore;
import io.storagesession.mediastore.store.IncomingFragment;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PutMedia connection (KVS-WIRE.md §4), confined to its event loop: the chunked body goes through the
 * {@link MkvStreamParser} and the {@link FragmentAssembler} as it arrives, each fragment is acknowledged BUFFERING
 * (its Cluster Timecode was read), RECEIVED (complete and valid) and PERSISTED (on stable storage, from the store's
 * I/O thread), all on the HTTP 200 response opened at once.
 *
 * <p>An ERROR acknowledgement ends the upload: the body is no longer read, fragments already RECEIVED are still
 * persisted and acknowledged first, then the ERROR is written and the connection closed. After the body ends, the
 * response ends once every fragment is PERSISTED. While no byte arrives, IDLE is sent every {@code idle-ack-interval}
 * and the connection is closed after {@code idle-timeout}. Fragments waiting for the disk are bounded by
 * {@code max-unpersisted-bytes}: above it the body is paused (TCP back-pressure), so a slow disk never grows memory.
 */
final class PutMediaUpload implements FragmentAssembler.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PutMediaUpload.class);
    private static final long NO_FRAGMENT = -1;

    private final Vertx vertx;
    private final Context context;
    private final HttpServerRequest request;
    private final String streamArn;
    private final FragmentStore store;
    private final MediaStoreSettings settings;
    private final MediaStoreMetrics metrics;
    private final Clock clock;
    private final Runnable onClose;
    private final FragmentAssembler assembler;
    private final MkvStreamParser parser;
    private long timer;
    private long lastDataNanos = System.nanoTime();
    private long currentNumber = NO_FRAGMENT;
    private long currentTimecode;
    private long currentServerMillis;
    private int inFlight;
    private long unpersistedBytes;
    private boolean paused;
    private boolean bodyDone;
    private boolean finishing;
    private boolean closed;
    private Buffer pendingError;

    PutMediaUpload(Vertx vertx, HttpServerRequest request, String streamArn, ProducerClock producerClock,
                   FragmentStore store, MediaStoreSettings settings, MediaStoreMetrics metrics, Clock clock,
                   Runnable onClose) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.request = request;
        this.streamArn = streamArn;
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.onClose = onClose;
        MediaStoreSettings.Limits limits = settings.limits();
        this.assembler = new FragmentAssembler(limits, producerClock, this);
        this.parser = new MkvStreamParser(assembler,
                new MkvStreamParser.Limits(limits.maxHeaderElementBytes(), limits.maxFragmentBytes(),
                        limits.maxSkippedElementBytes()));
    }

    /** Answers 200 and starts reading the body; call on the request's event loop. */
    void start(String requestId) {
        metrics.uploadOpened();
        HttpServerResponse response = request.response();
        response.setChunked(true).setStatusCode(200).putHeader("x-amzn-RequestId", requestId)
                .putHeader("Content-Type", "application/json");
        response.closeHandler(v -> cleanUp());
        response.writeHead();
        request.handler(this::bytes);
        request.endHandler(v -> bodyEnded());
        request.exceptionHandler(e -> fail(ErrorIds.READ_ERROR, "reading the body failed: " + e));
        long interval = settings.putMedia().idleAckInterval().toMillis();
        timer = vertx.setPeriodic(interval, id -> idleCheck());
        request.resume();
    }

    /** A newer connection for the same stream took over: this one stops reading and ends (newest wins). */
    void supersede() {
        context.runOnContext(v -> {
            if (!finishing) {
                LOG.info("PutMedia {}: a newer connection took over", streamArn);
                stopReading();
                finishing = true;
                maybeFinish(true);
            }
        });
    }

    /** The stream was deleted or is no longer ACTIVE: ERROR 4008. */
    void streamGone() {
        context.runOnContext(v -> fail(ErrorIds.STREAM_NOT_ACTIVE, "the stream is no longer active"));
    }

    private void bytes(Buffer chunk) {
        lastDataNanos = System.nanoTime();
        if (finishing) {
            return;
        }
        try {
            byte[] bytes = chunk.getBytes();
            parser.feed(bytes, 0, bytes.length);
        } catch (MkvException e) {
            fail(e.errorId(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("PutMedia {}: parsing failed unexpectedly", streamArn, e);
            fail(ErrorIds.INTERNAL, "internal error");
        }
    }

    private void bodyEnded() {
        if (finishing) {
            return;
        }
        try {
            parser.finish();
        } catch (MkvException e) {
            fail(e.errorId(), e.getMessage());
            return;
        }
        bodyDone = true;
        finishing = true;
        maybeFinish(false);
    }

    @Override
    public void fragmentStarted(long clusterTimecode, long producerTimestampMillis) {
        currentServerMillis = clock.millis();
        currentNumber = store.nextFragmentNumber(streamArn, currentServerMillis);
        currentTimecode = clusterTimecode;
        write(Ack.of(Ack.Type.BUFFERING, clusterTimecode, currentNumber));
    }

    @Override
    public void fragmentComplete(FragmentAssembler.AssembledFragment f) throws MkvException {
        if (store.isDeleted(streamArn)) {
            throw new MkvException(ErrorIds.STREAM_NOT_ACTIVE, "the stream was deleted");
        }
        long number = currentNumber;
        long timecode = f.clusterTimecode();
        write(Ack.of(Ack.Type.RECEIVED, timecode, number));
        IncomingFragment fragment = new IncomingFragment(number, f.header(), timecode, f.producerTimestampMillis(),
                currentServerMillis, f.durationMillis(), f.payload());
        long receivedAt = System.nanoTime();
        int size = f.payload().length;
        inFlight++;
        unpersistedBytes += size;
        if (unpersistedBytes > settings.putMedia().maxUnpersistedBytes() && !paused) {
            paused = true;
            request.pause();
        }
        currentNumber = NO_FRAGMENT;
        store.append(streamArn, fragment).whenComplete((info, error) -> context.runOnContext(v ->
                persisted(info, error, timecode, number, size, receivedAt)));
    }

    private void persisted(FragmentInfo info, Throwable error, long timecode, long number, int size, long receivedAt) {
        inFlight--;
        unpersistedBytes -= size;
        if (paused && unpersistedBytes <= settings.putMedia().maxUnpersistedBytes() && !finishing) {
            paused = false;
            request.resume();
        }
        if (error != null) {
            LOG.error("PutMedia {}: persisting fragment {} failed", streamArn, number, error);
            failAbout(ErrorIds.PERSIST_FAILED, OptionalLong.of(timecode), number, "persisting failed");
        } else {
            metrics.persisted(info.sizeBytes(), receivedAt);
            write(Ack.of(Ack.Type.PERSISTED, timecode, number));
        }
        maybeFinish(false);
    }

    private void fail(int errorId, String message) {
        OptionalLong timecode = currentNumber != NO_FRAGMENT ? OptionalLong.of(currentTimecode)
                : assembler.openClusterTimecode();
        failAbout(errorId, timecode, currentNumber, message);
    }

    private void failAbout(int errorId, OptionalLong timecode, long number, String message) {
        if (pendingError != null || closed) {
            return;
        }
        LOG.info("PutMedia {}: ERROR {}: {}", streamArn, errorId, message);
        metrics.error(errorId);
        pendingError = Ack.error(errorId, timecode, number);
        finishing = true;
        stopReading();
        maybeFinish(true);
    }

    private void stopReading() {
        request.handler(null);
        request.endHandler(null);
        if (!paused) {
            paused = true;
            request.pause();
        }
    }

    /** Ends the response once nothing is in flight; closes the connection when the body may still be arriving. */
    private void maybeFinish(boolean closeConnection) {
        if (!finishing || inFlight > 0 || closed) {
            return;
        }
        if (pendingError != null) {
            write(pendingError);
        }
        HttpServerResponse response = request.response();
        boolean close = closeConnection || pendingError != null || !bodyDone;
        if (!response.ended() && !response.closed()) {
            response.end().onComplete(v -> {
                if (close) {
                    request.connection().close();
                }
            });
        }
        cleanUp();
    }

    private void idleCheck() {
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastDataNanos);
        if (closed) {
            return;
        }
        if (idleMillis >= settings.putMedia().idleTimeout().toMillis()) {
            LOG.info("PutMedia {}: nothing received for {} ms; closing", streamArn, idleMillis);
            finishing = true;
            stopReading();
            maybeFinish(true);
        } else if (idleMillis >= settings.putMedia().idleAckInterval().toMillis()) {
            write(Ack.idle());
        }
    }

    private void write(Buffer ack) {
        HttpServerResponse response = request.response();
        if (!response.ended() && !response.closed()) {
            response.write(ack);
        }
    }

    private void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        vertx.cancelTimer(timer);
        metrics.uploadClosed();
        onClose.run();
    }
}
