package io.storagesession.mediastore.store;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.mkv.EbmlCursor;
import io.storagesession.mediastore.mkv.MkvBlock;
import io.storagesession.mediastore.mkv.MkvException;
import io.storagesession.mediastore.mkv.MkvHeader;
import io.storagesession.mediastore.mkv.TrackInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored fragment, parsed for packagers that re-mux it (HLS/fMP4): the tracks of the stream header it was sent
 * under and its frames in stream order, each with its absolute producer time in milliseconds (the fragment's
 * producer timestamp plus the block's offset from the Cluster Timecode, scaled by TimecodeScale).
 */
public record StoredFragment(FragmentInfo info, List<TrackInfo> tracks, List<StoredFrame> frames) {

    static StoredFragment parse(FragmentMedia media) throws IOException {
        try {
            MkvHeader header = media.header();
            byte[] payload = media.payload();
            List<StoredFrame> frames = new ArrayList<>();
            EbmlCursor top = new EbmlCursor(payload, 0, payload.length);
            while (top.next()) {
                if (top.id() != MatroskaIds.CLUSTER) {
                    continue;
                }
                EbmlCursor cluster = top.children();
                long clusterTimecode = media.info().clusterTimecode();
                while (cluster.next()) {
                    if (cluster.id() == MatroskaIds.SIMPLE_BLOCK || cluster.id() == MatroskaIds.BLOCK_GROUP) {
                        MkvBlock block = MkvBlock.parse(cluster.id(), payload, cluster.dataStart(),
                                cluster.dataStart() + cluster.dataSize());
                        long offsetMillis = header.millis(clusterTimecode + block.relativeTimecode())
                                - header.millis(clusterTimecode);
                        frames.add(new StoredFrame(block.track(), media.info().producerTimestampMillis() + offsetMillis,
                                block.keyframe(), block.frame()));
                    }
                }
            }
            return new StoredFragment(media.info(), header.tracks(), List.copyOf(frames));
        } catch (MkvException e) {
            throw new IOException("stored fragment " + media.info().number() + " does not parse: " + e.getMessage(), e);
        }
    }
}
