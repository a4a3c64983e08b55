package io.storagesession.mediastore.clip;

import io.storagesession.api.http.ApiException;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The fragments a clip holds, decided from the fragment list alone before anything is read or answered. The GetClip
 * API reference (Response, Payload): "The output will contain the first 100 MB or the first 200 fragments from the
 * specified start timestamp" — KVS truncates a longer range rather than refusing it (the quotas page lists the same
 * two hard limits). So the clip takes the range's fragments in time order while their count stays within
 * {@code maxFragments} and their stored size (FragmentSizeInBytes) within {@code maxBytes}; whole fragments only,
 * and always the first (a fragment is at most 50 MB, KVS-WIRE.md §4, half of KVS's clip limit). No fragment in the
 * range is ResourceNotFoundException (404), as for HLS and DASH sessions without fragments in their range.
 *
 * @param fragments the clip's fragments, in clip order; never empty
 * @param bytes     their stored size together
 */
record ClipSelection(List<ArchivedFragmentInfo> fragments, long bytes) {

    static ClipSelection of(List<ArchivedFragmentInfo> inRange, int maxFragments, long maxBytes) {
        if (inRange.isEmpty()) {
            throw ApiException.resourceNotFound("No fragments found in the stream for the requested timestamp range");
        }
        List<ArchivedFragmentInfo> taken = new ArrayList<>(Math.min(inRange.size(), maxFragments));
        long bytes = 0;
        for (ArchivedFragmentInfo f : inRange) {
            if (taken.size() == maxFragments || !taken.isEmpty() && bytes + f.sizeBytes() > maxBytes) {
                break;
            }
            taken.add(f);
            bytes += f.sizeBytes();
        }
        return new ClipSelection(List.copyOf(taken), bytes);
    }

    ArchivedFragmentInfo first() {
        return fragments.get(0);
    }
}
