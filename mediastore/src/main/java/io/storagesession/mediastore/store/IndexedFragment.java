package io.storagesession.mediastore.store;

import io.storagesession.mediastore.mkv.MkvHeader;

/**
 * A fragment as the index knows it, for readers that need more than ListFragments' fields: its position in the
 * stream's ingestion order ({@code ordinal}: 0, 1, 2, …, never reused, the same across retention and restarts)
 * and the stream header it was sent under (its tracks). HLS numbers media segments with the ordinal and starts a new
 * init segment where the header changes.
 */
public record IndexedFragment(FragmentInfo info, long ordinal, MkvHeader header) {
}
