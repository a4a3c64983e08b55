package io.storagesession.mediastore.clip;

import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedTrack;
import io.storagesession.mediastore.fmp4.InitSegmentWriter;
import io.storagesession.mediastore.fmp4.MediaSegmentWriter;
import io.storagesession.mediastore.fmp4.Mp4Buffer;
import java.util.List;

/**
 * The bytes of one clip, piece by piece: a fragmented MP4 (ISO/IEC 14496-12 §8.8) of the clip's tracks, as KVS's
 * GetClip answers it — one initialization segment ({@code ftyp} + {@code moov}, {@link InitSegmentWriter}) and then
 * one {@code moof} + {@code mdat} per stored fragment ({@link MediaSegmentWriter}), numbered 1, 2, … in {@code mfhd}
 * and placed on the clip's timeline ({@link ClipTimeline}: the clip starts at 0). Each fragment's frames are checked
 * ({@link ClipFrames}) before anything of it is written, so a bad frame leaves {@code out} as it was.
 *
 * <p>Holds no media: each call writes into the caller's buffer and forgets the fragment, so a clip of any length
 * costs one fragment's bytes at a time. Confined to one thread.
 */
public final class ClipWriter {
    private final List<ArchivedTrack> tracks;
    private final MediaSegmentWriter segments;
    private final ClipTimeline timeline;
    private final ClipFrames frames;
    private long sequenceNumber;

    /**
     * @param tracks                    the clip's tracks, the same for each of its fragments
     * @param fallbackVideoFrameMillis  duration of a fragment's only video frame when nothing else says it; also the
     *                                  gap after a fragment whose successor had to be moved forward
     */
    public ClipWriter(List<ArchivedTrack> tracks, long fallbackVideoFrameMillis) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one track");
        }
        this.tracks = List.copyOf(tracks);
        this.segments = new MediaSegmentWriter(fallbackVideoFrameMillis);
        this.timeline = new ClipTimeline(fallbackVideoFrameMillis);
        this.frames = new ClipFrames(this.tracks);
    }

    /** Writes the initialization segment: the clip's first bytes. */
    public void init(Mp4Buffer out) {
        InitSegmentWriter.write(out, tracks);
    }

    /**
     * Writes the next fragment of the clip (in clip order) as moof + mdat.
     *
     * @throws io.storagesession.api.http.ApiException InvalidMediaFrameException when a frame does not parse
     */
    public void fragment(Mp4Buffer out, ArchivedFragment fragment) {
        frames.check(fragment.info().fragmentNumber(), fragment.frames());
        long shift = timeline.shift(fragment.frames());
        segments.write(out, tracks, fragment, shift, ++sequenceNumber);
    }
}
