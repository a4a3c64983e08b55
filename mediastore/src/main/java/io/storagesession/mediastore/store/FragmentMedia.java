package io.storagesession.mediastore.store;

import io.storagesession.mediastore.mkv.MkvHeader;

/**
 * A stored fragment's bytes as GetMedia and GetMediaForFragmentList send them: the stream header it was sent under
 * (EBML header, Segment start, Info, Tracks) and its payload (the producer's Tags and one sized Cluster).
 */
public record FragmentMedia(FragmentInfo info, MkvHeader header, byte[] payload) {
}
