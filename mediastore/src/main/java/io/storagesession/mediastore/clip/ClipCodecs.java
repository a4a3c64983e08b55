package io.storagesession.mediastore.clip;

import io.storagesession.codecs.mkv.MatroskaCodecIds;
import io.storagesession.mediastore.ArchiveErrors;
import io.storagesession.mediastore.TrackCodecs;
import io.storagesession.mediastore.mkv.TrackInfo;
import java.util.List;

/**
 * What GetClip requires of a stream header's tracks (MKV Tracks, KVS-WIRE.md §5), checked on the tracks as ingested
 * before any of them becomes an fMP4 track. The GetClip API reference: "the codec ID of track 1 should be
 * V_MPEG/ISO/AVC (for h.264) ... Optionally, the codec ID of track 2 should be A_AAC"; this server also plays
 * {@code A_OPUS} audio (KVS-WIRE.md §6). A codec ID other than these is UnsupportedStreamMediaTypeException; what each
 * track's codec private data and settings must be is {@link TrackCodecs}'s rule, the one HLS and DASH follow too.
 */
final class ClipCodecs {
    private ClipCodecs() {
    }

    /** Throws the KVS error for the first track GetClip cannot play; returns when every track is playable. */
    static void check(List<TrackInfo> tracks) {
        if (tracks.isEmpty()) {
            throw ArchiveErrors.unsupportedMediaType("The stream header declares no tracks");
        }
        for (int i = 0; i < tracks.size(); i++) {
            TrackInfo t = tracks.get(i);
            boolean first = i == 0;
            String codec = t.codecId();
            if (first ? !MatroskaCodecIds.AVC.equals(codec)
                    : !MatroskaCodecIds.AAC.equals(codec) && !MatroskaCodecIds.OPUS.equals(codec)) {
                throw ArchiveErrors.unsupportedMediaType("Track " + t.number() + " has codec ID '" + codec
                        + "'; GetClip plays " + MatroskaCodecIds.AVC + " as the first track and "
                        + MatroskaCodecIds.AAC + " or " + MatroskaCodecIds.OPUS + " audio after it");
            }
            TrackCodecs.requirePlayable(t);
        }
    }
}
