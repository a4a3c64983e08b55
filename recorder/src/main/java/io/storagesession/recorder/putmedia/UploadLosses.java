package io.storagesession.recorder.putmedia;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fragments one upload gives up, each counted once in the metrics, told to its {@link UploadHealth} and logged
 * with the reason: over the resend buffer's bound, sent on too many connections, rejected by the service (a fragment
 * ErrorId, KVS-WIRE.md §4), or not PERSISTED when the close timeout ran out. Any of them makes the upload's close
 * fail. Confined to the client's context.
 */
final class UploadLosses {
    private static final Logger LOG = LoggerFactory.getLogger(UploadLosses.class);
    /** ErrorIds that condemn the fragment they name, not the connection (KVS-WIRE.md §4). */
    private static final List<Integer> BAD_FRAGMENT_ERRORS = List.of(4001, 4002, 4004, 4006, 4009, 4010, 4011);

    private final StreamId stream;
    private final PutMediaMetrics metrics;
    private final UploadHealth health;
    /** Fragments given up before close: close() then fails too. */
    private long givenUp;

    UploadLosses(StreamId stream, PutMediaMetrics metrics, UploadHealth health) {
        this.stream = stream;
        this.metrics = metrics;
        this.health = health;
    }

    /**
     * The oldest {@code count} fragments, from {@code firstTimecode} on, dropped to keep at most
     * {@code maxBufferedMedia} not persisted.
     */
    void overBuffer(int count, long firstTimecode, Duration maxBufferedMedia) {
        metrics.dropped(count);
        givenUp += count;
        health.lost(count, "more than " + maxBufferedMedia + " of media not persisted");
        LOG.warn("PutMedia {}: more than {} of media not persisted; dropped the oldest {} fragment(s) from timecode {}",
                stream, maxBufferedMedia, count, firstTimecode);
    }

    /** Whether an ERROR with {@code errorId} condemns the fragment it names: resending it would fail the same way. */
    static boolean condemnsFragment(int errorId) {
        return BAD_FRAGMENT_ERRORS.contains(errorId);
    }

    /** {@code f} was sent on its last allowed connection and never PERSISTED. */
    void tooManyAttempts(PendingFragment f) {
        metrics.dropped(1);
        givenUp++;
        health.lost(1, "sent on " + f.attempts + " connections without being persisted");
        LOG.warn("PutMedia {}: fragment {} sent on {} connections without being persisted; dropped", stream,
                f.timecode, f.attempts);
    }

    /** The service refused {@code f} with a fragment ErrorId: resending it would fail the same way. */
    void rejected(PendingFragment f, int errorId) {
        metrics.rejected();
        givenUp++;
        health.lost(1, "the service rejected it with ErrorId " + errorId);
        LOG.warn("PutMedia {}: the service rejected fragment {} (ErrorId {}); dropped, not resent", stream, f.timecode,
                errorId);
    }

    /**
     * The upload closed with {@code lost} fragments still not PERSISTED after {@code closeTimeout}: null when nothing
     * was ever given up, else why the close fails.
     */
    Exception atClose(int lost, Duration closeTimeout) {
        if (lost > 0) {
            metrics.dropped(lost);
            health.lost(lost, "not persisted within the close timeout " + closeTimeout);
            LOG.error("PutMedia {}: closed with {} fragment(s) not persisted", stream, lost);
        }
        if (lost + givenUp == 0) {
            return null;
        }
        return new IllegalStateException((lost + givenUp) + " fragment(s) of " + stream + " were not persisted: "
                + lost + " still unacknowledged after " + closeTimeout + ", " + givenUp + " given up before");
    }
}
