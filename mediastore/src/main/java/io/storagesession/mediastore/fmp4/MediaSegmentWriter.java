package io.storagesession.mediastore.fmp4;

import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.List;

/**
 * An fMP4 media segment (RFC 8216 §3.3; KVS's GetMP4MediaFragment) for one stored fragment: a {@code moof} with its
 * {@code mfhd} sequence number and one {@code traf} per track ({@code tfhd} with default-base-is-moof, {@code tfdt}
 * version 1, {@code trun} with per-sample duration, size and flags and the data offset), then one {@code mdat} with
 * the tracks' samples one track after the other (ISO/IEC 14496-12 §8.8).
 *
 * <p>Timeline: the decode time of a frame is its absolute timecode, moved by {@code shiftMillis} (0 on the producer
 * timeline; server timestamp minus producer timestamp on the server timeline), in the track's timescale. Absolute
 * times need 64 bits, hence tfdt version 1. Sample durations follow ISO/IEC 14496-12 §8.8.8: video takes the distance
 * to the next frame of its track, and the last frame the distance to the fragment's end (else the previous duration,
 * else {@code fallbackVideoFrameMillis}); audio takes the codec's frame duration (see {@link AudioFrameDurations})
 * unless the timecodes show a gap or overlap larger than half a frame, which is kept. Video has no composition offsets:
 * WebRTC H.264 has no B-frames (decode order is presentation order).
 */
public final class MediaSegmentWriter {
    /** tfhd flags: default-base-is-moof (§8.8.7.1), so data offsets count from the moof's first byte. */
    private static final int DEFAULT_BASE_IS_MOOF = 0x020000;
    /** trun flags: data-offset, sample-duration, sample-size and sample-flags present (§8.8.8.1). */
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400;
    /** sample_depends_on = 2: an I-picture, decodable alone (§8.8.3.1 / §8.6.4.3). */
    static final int SYNC_SAMPLE_FLAGS = 0x0200_0000;
    /** sample_depends_on = 1 and sample_is_non_sync_sample: a predicted picture. */
    static final int NON_SYNC_SAMPLE_FLAGS = 0x0101_0000;
    private static final int TFDT_VERSION_64_BIT = 1;
    private static final long MILLIS_PER_SECOND = 1000;
    private static final int HALF = 2;

    private final long fallbackVideoFrameMillis;

    /** @param fallbackVideoFrameMillis duration of a fragment's only video frame when nothing else says it */
    public MediaSegmentWriter(long fallbackVideoFrameMillis) {
        this.fallbackVideoFrameMillis = fallbackVideoFrameMillis;
    }

    /**
     * Writes moof + mdat for the frames of {@code tracks} in {@code fragment}. Tracks without frames in the fragment
     * get no traf. {@code sequenceNumber} is the mfhd sequence number (§8.8.5: increasing from one fragment to the
     * next).
     */
    public void write(Mp4Buffer out, List<ArchivedTrack> tracks, ArchivedFragment fragment, long shiftMillis,
                      long sequenceNumber) {
        int moofStart = out.length();
        int moof = out.startBox("moof");
        int mfhd = out.startFullBox("mfhd", 0, 0);
        out.u32(sequenceNumber);
        out.endBox(mfhd);
        int[] offsetPositions = new int[tracks.size()];
        long[] trackBytes = new long[tracks.size()];
        for (int t = 0; t < tracks.size(); t++) {
            offsetPositions[t] = -1;
            ArchivedTrack track = tracks.get(t);
            int count = countFrames(fragment, track.trackNumber());
            if (count > 0) {
                offsetPositions[t] = traf(out, track, fragment, shiftMillis, count);
                trackBytes[t] = trackBytes(fragment, track.trackNumber());
            }
        }
        out.endBox(moof);
        int mdat = out.startBox("mdat");
        long dataOffset = out.length() - moofStart;
        for (int t = 0; t < tracks.size(); t++) {
            if (offsetPositions[t] >= 0) {
                out.patchU32(offsetPositions[t], dataOffset);
                dataOffset += trackBytes[t];
                int number = tracks.get(t).trackNumber();
                for (ArchivedFrame frame : fragment.frames()) {
                    if (frame.trackNumber() == number) {
                        out.bytes(frame.data());
                    }
                }
            }
        }
        out.endBox(mdat);
    }

    /** Writes the traf; returns the position of its trun's data_offset, patched once the moof's size is known. */
    private int traf(Mp4Buffer out, ArchivedTrack track, ArchivedFragment fragment, long shiftMillis, int count) {
        int timescale = InitSegmentWriter.timescale(track);
        int number = track.trackNumber();
        int traf = out.startBox("traf");
        int tfhd = out.startFullBox("tfhd", 0, DEFAULT_BASE_IS_MOOF);
        out.u32(number);
        out.endBox(tfhd);

        ArchivedFrame first = null;
        for (ArchivedFrame f : fragment.frames()) {
            if (f.trackNumber() == number) {
                first = f;
                break;
            }
        }
        int tfdt = out.startFullBox("tfdt", TFDT_VERSION_64_BIT, 0);
        out.u64(ticks(first.timecodeMillis() + shiftMillis, timescale));
        out.endBox(tfdt);

        int trun = out.startFullBox("trun", 0, TRUN_FLAGS);
        out.u32(count);
        int offsetPosition = out.length();
        out.u32(0);
        ArchivedFrame previous = null;
        long previousDuration = -1;
        for (ArchivedFrame f : fragment.frames()) {
            if (f.trackNumber() != number) {
                continue;
            }
            if (previous != null) {
                previousDuration = duration(track, previous, ticks(f.timecodeMillis() + shiftMillis, timescale),
                        shiftMillis, timescale);
                sample(out, track, previous, previousDuration);
            }
            previous = f;
        }
        long end = ticks(fragment.info().producerTimestampMillis() + fragment.info().durationMillis() + shiftMillis,
                timescale);
        sample(out, track, previous, lastDuration(track, previous, end, previousDuration, shiftMillis, timescale));
        out.endBox(trun);
        out.endBox(traf);
        return offsetPosition;
    }

    private static void sample(Mp4Buffer out, ArchivedTrack track, ArchivedFrame frame, long duration) {
        out.u32(duration);
        out.u32(frame.data().length);
        out.u32(!track.isVideo() || frame.keyframe() ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS);
    }

    private static long duration(ArchivedTrack track, ArchivedFrame frame, long nextTicks, long shiftMillis,
            int timescale) {
        long delta = Math.max(0, nextTicks - ticks(frame.timecodeMillis() + shiftMillis, timescale));
        if (track.isVideo()) {
            return delta;
        }
        int nominal = AudioFrameDurations.samples(track, frame.data());
        return nominal > 0 && Math.abs(delta - nominal) <= nominal / HALF ? nominal : delta;
    }

    private long lastDuration(ArchivedTrack track, ArchivedFrame last, long endTicks, long previousDuration,
            long shiftMillis,
                              int timescale) {
        if (!track.isVideo()) {
            int nominal = AudioFrameDurations.samples(track, last.data());
            if (nominal > 0) {
                return nominal;
            }
        }
        long toEnd = endTicks - ticks(last.timecodeMillis() + shiftMillis, timescale);
        if (toEnd > 0) {
            return toEnd;
        }
        return previousDuration > 0 ? previousDuration : ticks(fallbackVideoFrameMillis, timescale);
    }

    public static long ticks(long millis, int timescale) {
        return Math.floorDiv(millis * timescale, MILLIS_PER_SECOND);
    }

    private static int countFrames(ArchivedFragment fragment, int trackNumber) {
        int n = 0;
        for (ArchivedFrame f : fragment.frames()) {
            if (f.trackNumber() == trackNumber) {
                n++;
            }
        }
        return n;
    }

    private static long trackBytes(ArchivedFragment fragment, int trackNumber) {
        long n = 0;
        for (ArchivedFrame f : fragment.frames()) {
            if (f.trackNumber() == trackNumber) {
                n += f.data().length;
            }
        }
        return n;
    }
}
