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
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PutMedia upload (KVS-WIRE.md §4), confined to its context (an event loop): the body goes through the
 * {@link MkvStreamParser} and the {@link PutMediaFragments} as it arrives, each fragment is acknowledged BUFFERING
 * (its Cluster Timecode was read), RECEIVED (complete and valid) and PERSISTED (on stable storage, from the store's
 * I/O thread), through its {@link UploadTransport}: the HTTP 200 response opened at once, or the in-process producer.
 * A fragment the stream already holds byte for byte — resent because the producer's last connection broke before
 * its PERSISTED acknowledgement arrived — is acknowledged PERSISTED with the number it was stored under, and not
 * stored twice ({@link FragmentStore#append}).
 *
 * <p>An ERROR acknowledgement ends the upload: the body is no longer read, fragments already RECEIVED are still
 * persisted and acknowledged first, then the ERROR is written and the connection closed. After the body ends, the
 * acknowledgements end once every fragment is PERSISTED. While no byte arrives, IDLE is sent every {@code idle-ack-interval}
 * and the connection is closed after {@code idle-timeout}. Fragments waiting for the disk are bounded by
 * {@code max-unpersisted-bytes}: above it the body is paused (TCP back-pressure, or the in-process producer's write
 * queue), so a slow disk never grows memory. The body is also paused while the stream is above its fragment or data
 * rate ({@link StreamRate}), until it is back under both: time the server spends not reading is not idle time.
 */
final class PutMediaUpload implements PutMediaFragments.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PutMediaUpload.class);
    private static final long NO_FRAGMENT = -1;
    private static final long NO_TIMER = -1;

    private final Vertx vertx;
    private final Context context;
    private UploadTransport transport;
    private final String streamArn;
    private final FragmentStore store;
    private final MediaStoreSettings settings;
    private final MediaStoreMetrics metrics;
    private final Clock clock;
    private final Runnable onClose;
    private final PutMediaFragments fragments;
    private final MkvStreamParser parser;
    private final FragmentPayloads payloads;
    private final StreamRate rate;
    private long timer;
    private long rateTimer = NO_TIMER;
    private boolean pausedForRate;
    private int rateWaits;
    private long rateWaitMillis;
    private long lastDataNanos = System.nanoTime();
    private long currentNumber = NO_FRAGMENT;
    /** The newest fragment this upload began, read by GetMedia NOW from its own event loop. */
    private volatile long newestBegun = NO_FRAGMENT;
    private long currentTimecode;
    private long currentServerMillis;
    private int inFlight;
    private long unpersistedBytes;
    /** The body is paused because fragments wait for the disk (max-unpersisted-bytes). */
    private boolean paused;
    /** The transport is paused, for the disk or for the rate. */
    private boolean transportPaused;
    private boolean bodyDone;
    private boolean finishing;
    private boolean closed;
    private boolean errorPending;
    private int pendingErrorId;
    private long pendingErrorTimecode;
    private long pendingErrorNumber;

    /**
     * @param context the context every call is made on, whose timers it uses and on which the store's completions
     *                are handled
     */
    PutMediaUpload(Context context, String streamArn, ProducerClock producerClock, FragmentStore store,
                   MediaStoreSettings settings, MediaStoreMetrics metrics, Clock clock, FragmentPayloads payloads,
                   StreamRate rate, Runnable onClose) {
        this.vertx = context.owner();
        this.context = context;
        this.streamArn = streamArn;
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.onClose = onClose;
        this.rate = rate;
        MediaStoreSettings.Limits limits = settings.limits();
        this.payloads = payloads;
        this.fragments = new PutMediaFragments(limits, producerClock, this, payloads);
        this.parser = new MkvStreamParser(fragments,
                new MkvStreamParser.Limits(limits.maxHeaderElementBytes(), limits.maxFragmentBytes(),
                        limits.maxSkippedElementBytes()), settings.putMedia().elementBuffer());
    }

    /** Starts the idle watch; body bytes may come through {@code transport} from now on. Call on the context. */
    void start(UploadTransport transport) {
        this.transport = transport;
        metrics.uploadOpened();
        long interval = settings.putMedia().idleAckInterval().toMillis();
        timer = vertx.setPeriodic(interval, id -> idleCheck());
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

    /** The number of the newest fragment this upload began (BUFFERING), or -1: stored or still arriving. */
    long newestBegun() {
        return newestBegun;
    }

    /** The stream was deleted or is no longer ACTIVE: ERROR 4008. */
    void streamGone() {
        context.runOnContext(v -> fail(ErrorIds.STREAM_NOT_ACTIVE, "the stream is no longer active"));
    }

    /** Body bytes, lent for the call. */
    void bytes(byte[] bytes, int offset, int length) {
        lastDataNanos = System.nanoTime();
        if (finishing) {
            return;
        }
        rate.bytes(length, clock.millis());
        try {
            parser.feed(bytes, offset, length);
        } catch (MkvException e) {
            fail(e.errorId(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("PutMedia {}: parsing failed unexpectedly", streamArn, e);
            fail(ErrorIds.INTERNAL, "internal error");
            return;
        }
        holdToRate();
    }

    /** Stops reading while the stream is above its fragment or data rate, until it is back under both. */
    private void holdToRate() {
        if (pausedForRate || finishing) {
            return;
        }
        long wait = rate.millisUntilUnder(clock.millis());
        if (wait <= 0) {
            return;
        }
        if (rateWaits == 0) {
            MediaStoreSettings.Limits limits = settings.limits();
            LOG.info("PutMedia {}: above the stream's rate of {} fragments/s or {} bytes/s; reading the body no faster",
                    streamArn, limits.maxFragmentsPerSecond(), limits.maxBytesPerSecond());
        }
        rateWaits++;
        pausedForRate = true;
        updateReading();
        waitForRate(wait);
    }

    private void waitForRate(long wait) {
        rateWaitMillis += wait;
        rateTimer = vertx.setTimer(wait, id -> {
            rateTimer = NO_TIMER;
            if (closed) {
                return;
            }
            long more = rate.millisUntilUnder(clock.millis());
            if (more > 0) {
                waitForRate(more);
                return;
            }
            pausedForRate = false;
            // Time spent not reading was the server's, not the producer's.
            lastDataNanos = System.nanoTime();
            updateReading();
        });
    }

    /** Pauses or resumes the body: it is read only while neither the disk nor the stream's rate holds it. */
    private void updateReading() {
        boolean hold = pausedForRate || paused || finishing;
        if (hold != transportPaused) {
            transportPaused = hold;
            if (hold) {
                transport.pause();
            } else {
                transport.resume();
            }
        }
    }

    /** Reading the body failed (a reset, a malformed chunk): ERROR 4005-like READ_ERROR. */
    void readFailed(String why) {
        fail(ErrorIds.READ_ERROR, "reading the body failed: " + why);
    }

    /** The producer went away (the connection closed): nothing more is acknowledged. */
    void transportClosed() {
        cleanUp();
    }

    /** The body ended: the last unknown-size Cluster is complete. */
    void bodyEnded() {
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
        rate.fragment(currentServerMillis);
        currentNumber = store.nextFragmentNumber(streamArn, currentServerMillis);
        newestBegun = currentNumber;
        currentTimecode = clusterTimecode;
        transport.ack(Ack.Type.BUFFERING, clusterTimecode, currentNumber, 0);
    }

    @Override
    public void fragmentComplete(PutMediaFragments.AssembledFragment f) throws MkvException {
        if (store.isDeleted(streamArn)) {
            throw new MkvException(ErrorIds.STREAM_NOT_ACTIVE, "the stream was deleted");
        }
        long number = currentNumber;
        long timecode = f.clusterTimecode();
        transport.ack(Ack.Type.RECEIVED, timecode, number, 0);
        byte[] payload = f.payload();
        IncomingFragment fragment = new IncomingFragment(number, f.header(), timecode, f.producerTimestampMillis(),
                currentServerMillis, f.durationMillis(), payload, f.length());
        long receivedAt = System.nanoTime();
        int size = f.length();
        inFlight++;
        unpersistedBytes += size;
        if (unpersistedBytes > settings.putMedia().maxUnpersistedBytes() && !paused) {
            paused = true;
            updateReading();
        }
        currentNumber = NO_FRAGMENT;
        store.append(streamArn, fragment).whenComplete((info, error) -> context.runOnContext(v ->
                persisted(info, error, timecode, number, payload, size, receivedAt)));
    }

    private void persisted(FragmentInfo info, Throwable error, long timecode, long number, byte[] payload, int size,
                           long receivedAt) {
        // Written (or given up): the array is free for the next fragment of any upload.
        payloads.give(payload);
        inFlight--;
        unpersistedBytes -= size;
        if (paused && unpersistedBytes <= settings.putMedia().maxUnpersistedBytes() && !finishing) {
            paused = false;
            updateReading();
        }
        if (error != null) {
            LOG.error("PutMedia {}: persisting fragment {} failed", streamArn, number, error);
            failAbout(ErrorIds.PERSIST_FAILED, OptionalLong.of(timecode), number, "persisting failed");
        } else {
            if (info.number() == number) {
                metrics.persisted(info.sizeBytes(), receivedAt);
            } else {
                // stored before, its acknowledgement lost with the producer's last connection: its own number again
                metrics.resent();
            }
            transport.ack(Ack.Type.PERSISTED, timecode, info.number(), 0);
        }
        maybeFinish(false);
    }

    private void fail(int errorId, String message) {
        OptionalLong timecode = currentNumber != NO_FRAGMENT ? OptionalLong.of(currentTimecode)
                : fragments.openClusterTimecode();
        failAbout(errorId, timecode, currentNumber, message);
    }

    private void failAbout(int errorId, OptionalLong timecode, long number, String message) {
        if (errorPending || closed) {
            return;
        }
        LOG.info("PutMedia {}: ERROR {}: {}", streamArn, errorId, message);
        metrics.error(errorId);
        errorPending = true;
        // The fragment being received will not be stored: the live edge is again what the store holds.
        newestBegun = NO_FRAGMENT;
        pendingErrorId = errorId;
        pendingErrorTimecode = timecode.orElse(Ack.NONE);
        pendingErrorNumber = number < 0 ? Ack.NONE : number;
        finishing = true;
        stopReading();
        maybeFinish(true);
    }

    private void stopReading() {
        transport.stopReading();
        if (!transportPaused) {
            transportPaused = true;
            transport.pause();
        }
    }

    /** Ends the acknowledgements once nothing is in flight; closes the connection when the body may still arrive. */
    private void maybeFinish(boolean closeConnection) {
        if (!finishing || inFlight > 0 || closed) {
            return;
        }
        if (errorPending) {
            transport.ack(Ack.Type.ERROR, pendingErrorTimecode, pendingErrorNumber, pendingErrorId);
        }
        transport.end(closeConnection || errorPending || !bodyDone);
        cleanUp();
    }

    private void idleCheck() {
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastDataNanos);
        if (closed || pausedForRate) {
            return;
        }
        if (idleMillis >= settings.putMedia().idleTimeout().toMillis()) {
            LOG.info("PutMedia {}: nothing received for {} ms; closing", streamArn, idleMillis);
            finishing = true;
            stopReading();
            maybeFinish(true);
        } else if (idleMillis >= settings.putMedia().idleAckInterval().toMillis()) {
            transport.ack(Ack.Type.IDLE, Ack.NONE, Ack.NONE, 0);
        }
    }

    private void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        vertx.cancelTimer(timer);
        if (rateTimer != NO_TIMER) {
            vertx.cancelTimer(rateTimer);
        }
        if (rateWaits > 0) {
            LOG.info("PutMedia {}: the body was held to the stream's rate {} time(s), {} ms in all", streamArn,
                    rateWaits, rateWaitMillis);
        }
        metrics.uploadClosed();
        onClose.run();
    }
}
