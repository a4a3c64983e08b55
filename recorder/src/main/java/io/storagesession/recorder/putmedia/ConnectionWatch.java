package io.storagesession.recorder.putmedia;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of an upload's current connection: it is retired before the service's connection limit ends it with
 * ErrorId 4003 (KVS-WIRE.md §4) — its body ends and it waits, at most the drain timeout, for its last
 * acknowledgements — and it is failed as stuck when its oldest fragment in flight is not PERSISTED within the persist
 * timeout. One per connection, cancelled when the connection ends; confined to the client's context.
 */
final class ConnectionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatch.class);
    private static final long NO_TIMER = -1;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final Vertx vertx;
    private final PutMediaSettings settings;
    private final StreamId stream;
    private final UnpersistedFragments fragments;
    private final PutMediaConnection connection;
    private long rotationTimer = NO_TIMER;
    private long drainTimer = NO_TIMER;
    private long persistTimer = NO_TIMER;
    private boolean cancelled;

    /** Starts watching {@code connection}, just opened: its rotation is due after max-connection-duration. */
    ConnectionWatch(Vertx vertx, PutMediaSettings settings, StreamId stream, UnpersistedFragments fragments,
                    PutMediaConnection connection) {
        this.vertx = vertx;
        this.settings = settings;
        this.stream = stream;
        this.fragments = fragments;
        this.connection = connection;
        rotationTimer = vertx.setTimer(settings.maxConnectionDuration().toMillis(), t -> {
            rotationTimer = NO_TIMER;
            retire("reached max-connection-duration");
        });
    }

    /** Ends the body of the connection, waits for its last acknowledgements, then closes it to be replaced. */
    void retire(String why) {
        if (cancelled || connection.retiring) {
            return;
        }
        LOG.info("PutMedia {}: connection {} {}; replacing it", stream, connection.id, why);
        connection.retiring = true;
        connection.endBody();
        if (fragments.oldestInFlight(connection.id) == null) {
            connection.close("rotated");
            return;
        }
        drainTimer = vertx.setTimer(settings.drainTimeout().toMillis(), t -> {
            drainTimer = NO_TIMER;
            connection.close("rotated; drain timeout");
        });
    }

    /** Watches the oldest fragment in flight: not PERSISTED within the persist timeout means a stuck connection. */
    void persistence() {
        if (cancelled || persistTimer != NO_TIMER) {
            return;
        }
        PendingFragment oldest = fragments.oldestInFlight(connection.id);
        if (oldest == null) {
            return;
        }
        long dueNanos = oldest.writtenAtNanos + settings.persistTimeout().toNanos() - System.nanoTime();
        // By timecode, not by record: records are reused for later fragments.
        long timecode = oldest.timecode;
        persistTimer = vertx.setTimer(Math.max(1, dueNanos / NANOS_PER_MILLI), t -> {
            persistTimer = NO_TIMER;
            PendingFragment stillOldest = cancelled ? null : fragments.oldestInFlight(connection.id);
            if (stillOldest != null && stillOldest.timecode == timecode) {
                connection.fail("fragment " + timecode + " not persisted within " + settings.persistTimeout());
            } else {
                persistence();
            }
        });
    }

    /** The connection ended: nothing more to watch. */
    void cancel() {
        cancelled = true;
        for (long timer : new long[] {rotationTimer, drainTimer, persistTimer}) {
            if (timer != NO_TIMER) {
                vertx.cancelTimer(timer);
            }
        }
    }
}
