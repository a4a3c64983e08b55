package io.storagesession.mediastore.archive;

import io.storagesession.mediastore.store.TimestampKind;

/**
 * A range query over a stream's fragments: those whose timestamp of {@code kind} lies in {@code [fromMillis,
 * toMillis]} (both inclusive, as KVS's TimestampRange), at most {@code limit} of them taken from the oldest or the
 * newest end, returned in ascending timestamp order. With PRODUCER_TIMESTAMP, fragments with equal producer timestamps
 * are deduplicated, keeping the newest (largest fragment number), as KVS HLS does.
 */
public record FragmentQuery(String streamArn, TimestampKind kind, long fromMillis, long toMillis, int limit,
                               End end) {

    /** Which end of the range the limit keeps. */
    public enum End {
        OLDEST, NEWEST
    }

    public FragmentQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }
}
