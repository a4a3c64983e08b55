package io.storagesession.mediastore.read;

import io.storagesession.mediastore.MediaStoreMetrics;
import io.storagesession.mediastore.store.FragmentInfo;
import io.storagesession.mediastore.store.FragmentMedia;
import io.storagesession.mediastore.store.FragmentStore;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GetMedia response, confined to its event loop: sends the next stored fragment after the last one sent, one
 * read at a time, waiting for the socket to drain when its write queue is full (so a slow reader never makes the
 * server buffer), and for the store's notification when it has caught up with the live edge.
 */
final class GetMediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(GetMediaSession.class);
    private static final long NO_TIMER = -1;

    private final Vertx vertx;
    private final Context context;
    private final HttpServerResponse response;
    private final String arn;
    private final FragmentStore store;
    private final MediaStoreMetrics metrics;
    private final Duration idleTimeout;
    private final Promise<JsonObject> done;
    private Runnable unsubscribe = () -> { };
    private long after;
    private boolean reading;
    private boolean ended;
    private long idleTimer = NO_TIMER;

    GetMediaSession(Vertx vertx, HttpServerResponse response, String arn, FragmentStore store,
                    MediaStoreMetrics metrics, Duration idleTimeout, Promise<JsonObject> done) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.response = response;
        this.arn = arn;
        this.store = store;
        this.metrics = metrics;
        this.idleTimeout = idleTimeout;
        this.done = done;
    }

    void listen() {
        unsubscribe = store.onPersisted(arn, info -> context.runOnContext(v -> pump()));
        response.closeHandler(v -> end());
    }

    void startAfter(long number) {
        after = number;
    }

    /** Stops listening before the response began (the request was refused). */
    void cancel() {
        unsubscribe.run();
    }

    void pump() {
        if (ended || reading) {
            return;
        }
        if (response.writeQueueFull()) {
            response.drainHandler(v -> pump());
            return;
        }
        Optional<FragmentInfo> next = store.after(arn, after);
        if (next.isEmpty()) {
            if (store.isDeleted(arn)) {
                end();
            } else if (idleTimer == NO_TIMER) {
                idleTimer = vertx.setTimer(idleTimeout.toMillis(), t -> {
                    idleTimer = NO_TIMER;
                    end();
                });
            }
            return;
        }
        cancelIdle();
        reading = true;
        long number = next.get().number();
        store.readMediaAsync(arn, number).whenComplete((media, error) -> context.runOnContext(v -> {
            reading = false;
            if (error != null) {
                LOG.error("GetMedia {}: reading fragment {} failed", arn, number, error);
                response.reset();
                end();
                return;
            }
            after = number;
            media.ifPresent(this::send);
            pump();
        }));
    }

    private void send(FragmentMedia media) {
        if (ended) {
            return;
        }
        long latest = store.last(arn).map(FragmentInfo::serverTimestampMillis)
                .orElse(media.info().serverTimestampMillis());
        response.write(MediaChunks.live(media, Math.max(0, latest - media.info().serverTimestampMillis())));
        metrics.served(GetMediaApi.API);
    }

    private void cancelIdle() {
        if (idleTimer != NO_TIMER) {
            vertx.cancelTimer(idleTimer);
            idleTimer = NO_TIMER;
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        cancelIdle();
        unsubscribe.run();
        if (!response.ended() && !response.closed()) {
            response.end();
        }
        done.tryComplete();
    }
}
