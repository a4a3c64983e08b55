package io.storagesession.mediastore.archive;

import java.util.List;

/**
 * A stored fragment with its media: the frames of one MKV cluster, in stored order, of every track.
 *
 * @param info   the fragment's metadata
 * @param frames the cluster's blocks; each declared track has at least one (KVS-WIRE.md §4, ErrorId 4011)
 */
public record ArchivedFragment(ArchivedFragmentInfo info, List<ArchivedFrame> frames) {
    public ArchivedFragment {
        frames = List.copyOf(frames);
    }
}
