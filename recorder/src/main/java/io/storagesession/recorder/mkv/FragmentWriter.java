package io.storagesession.recorder.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes KVS fragments (KVS-WIRE.md §5) after a {@link StreamHeader}: per fragment, optional Segment-level Tags, one
 * Cluster of unknown size (RFC 8794 §6.2) whose Timecode is absolute milliseconds, then one SimpleBlock per frame
 * (RFC 9559 §5.1.3, "SimpleBlock": track number VINT, signed 16-bit timecode relative to the cluster, flags, frame).
 *
 * <p>It enforces what KVS would otherwise reject after the bytes were sent (PutMedia ErrorIds, KVS-WIRE.md §4), by
 * throwing {@link MkvRefusal} before writing anything for the refused call: a fragment starts with a video keyframe;
 * timecodes never go backwards, per track and per cluster; a frame's relative timecode fits 16 bits; and a fragment
 * is closed only once every declared track has a frame (4011), which {@link #everyTrackHasFrame()} lets the caller
 * check first. Frames of audio are one Opus or AAC frame each; video frames are AVCC (length-prefixed NAL units).
 *
 * <p>Output goes where the caller collects it: {@link #writeFrame(MkvBuffer, int, long, boolean, byte[], int, int)}
 * appends to the caller's buffer; {@link #writeFrame(int, long, boolean, byte[], int, int)} returns a view of the
 * writer's own buffer, reset on each call and valid until the next (a caller that keeps bytes longer uses
 * {@link MkvBuffer#toByteArray()}); {@link #writeFrameHead} returns the view without the frame's payload, which the
 * caller appends itself (the recorder, into the upload's chunks, so that a frame is copied only once). Either way
 * nothing is allocated per frame once the buffer has grown, and nothing is held back between calls (clusters of
 * unknown size need no patching). Confined to one thread.
 */
public final class FragmentWriter {
    /** RFC 9559 SimpleBlock flags: bit 0x80 marks a keyframe; no lacing, visible, not discardable. */
    private static final int KEYFRAME_FLAG = 0x80;
    private static final int NO_FLAGS = 0;
    /** The SimpleBlock header after the track number: 16-bit relative timecode and one flags octet. */
    private static final int BLOCK_HEADER_AFTER_TRACK = Short.BYTES + Byte.BYTES;
    private static final long NO_TIMECODE = Long.MIN_VALUE;
    /** {@link #clusterSizeOffset()} when the last view did not begin a Cluster. */
    public static final int NO_CLUSTER = -1;
    /** The most tracks a {@link StreamHeader} declares: video 1 and audio 2. */
    private static final int MAX_TRACKS = StreamHeader.AUDIO_TRACK_NUMBER;

    private final int viewBytes;
    /** The buffer {@link #writeFrame(int, long, boolean, byte[], int, int)} returns, made on its first use. */
    private MkvBuffer view;
    private final long[] lastTimecode = new long[MAX_TRACKS + 1];
    private final boolean[] hasFrame = new boolean[MAX_TRACKS + 1];
    /** The tracks the stream header in force declares: both, or video alone for a master that sends no audio. */
    private int declaredTracks = MAX_TRACKS;
    private boolean fragmentOpen;
    private boolean clusterWritten;
    private long clusterTimecode;
    private long lastClusterTimecode = NO_TIMECODE;
    private FragmentTags tags = FragmentTags.NONE;
    private int clusterSizeOffset = NO_CLUSTER;

    public FragmentWriter(MkvSettings settings) {
        this.viewBytes = settings.initialBufferBytes();
        Arrays.fill(lastTimecode, NO_TIMECODE);
    }

    /**
     * Begins a fragment whose Cluster Timecode is {@code timecodeMillis} (absolute ms, echoed by KVS in its ACKs) and
     * closes the open one, if any (see {@link #closeFragment()}). Nothing is written until its first frame, which
     * must be a video keyframe; {@code tags} go just before the Cluster.
     */
    public void startFragment(long timecodeMillis, FragmentTags tags) {
        Objects.requireNonNull(tags, "tags (FragmentTags.NONE for none)");
        if (timecodeMillis < 0) {
            throw new IllegalArgumentException("cluster timecode must not be negative: " + timecodeMillis);
        }
        if (timecodeMillis < lastClusterTimecode) {
            throw new MkvRefusal(MkvRefusal.Reason.TIMECODE_BACKWARDS, "fragment at " + timecodeMillis
                    + " ms after a fragment at " + lastClusterTimecode + " ms");
        }
        if (fragmentOpen) {
            closeFragment();
        }
        this.tags = tags;
        this.clusterTimecode = timecodeMillis;
        this.lastClusterTimecode = timecodeMillis;
        this.clusterWritten = false;
        this.fragmentOpen = true;
        Arrays.fill(hasFrame, false);
    }

    /**
     * Writes one frame of the open fragment and returns its bytes as a view (valid until the next call). The first
     * frame of a fragment also carries the fragment's Tags and Cluster header.
     */
    public MkvBuffer writeFrame(int track, long timecodeMillis, boolean keyframe, byte[] frame, int offset,
                                int length) {
        checkFrame(track, timecodeMillis, keyframe, frame, offset, length);
        MkvBuffer out = view();
        write(out, track, timecodeMillis, keyframe, frame, offset, length);
        return out;
    }

    /**
     * Appends one frame of the open fragment to {@code out} (preceded by the fragment's Tags and Cluster header for
     * its first frame); on refusal nothing is appended.
     */
    public void writeFrame(MkvBuffer out, int track, long timecodeMillis, boolean keyframe, byte[] frame, int offset,
                           int length) {
        checkFrame(track, timecodeMillis, keyframe, frame, offset, length);
        writeHead(out, track, timecodeMillis, keyframe, length);
        out.put(frame, offset, length);
    }

    /**
     * Writes one frame of the open fragment but for its payload — the fragment's Tags and Cluster header before its
     * first frame, then the SimpleBlock header — into the writer's view and returns it (valid until the next call);
     * {@link #clusterSizeOffset()} is then an offset into the view. The frame's {@code length} bytes must follow the
     * view verbatim: a caller that collects the fragment elsewhere (the recorder, in the upload's chunks) appends the
     * view and then the frame from where it is, so each frame is copied once and the view stays a few dozen bytes
     * rather than growing to the largest keyframe. On refusal nothing is written.
     */
    public MkvBuffer writeFrameHead(int track, long timecodeMillis, boolean keyframe, byte[] frame, int offset,
                                    int length) {
        checkFrame(track, timecodeMillis, keyframe, frame, offset, length);
        MkvBuffer head = view();
        writeHead(head, track, timecodeMillis, keyframe, length);
        return head;
    }

    /** Bytes of the writer's own buffer (its view): what it costs besides the caller's buffers. */
    public int viewCapacity() {
        return view == null ? 0 : view.capacity();
    }

    private MkvBuffer view() {
        if (view == null) {
            view = new MkvBuffer(viewBytes);
        }
        view.reset();
        return view;
    }

    private void write(MkvBuffer out, int track, long timecodeMillis, boolean keyframe, byte[] frame, int offset,
                       int length) {
        writeHead(out, track, timecodeMillis, keyframe, length);
        out.put(frame, offset, length);
    }

    /** Everything of a frame but its {@code length} bytes of payload, which follow it. */
    private void writeHead(MkvBuffer out, int track, long timecodeMillis, boolean keyframe, int length) {
        clusterSizeOffset = NO_CLUSTER;
        if (!clusterWritten) {
            tags.write(out);
            Ebml.writeId(out, MatroskaIds.CLUSTER);
            clusterSizeOffset = out.length();
            Ebml.writeUnknownSize(out);
            Ebml.writeUnsigned(out, MatroskaIds.TIMECODE, clusterTimecode);
            clusterWritten = true;
        }
        Ebml.writeId(out, MatroskaIds.SIMPLE_BLOCK);
        Ebml.writeVint(out, Ebml.vintLength(track) + BLOCK_HEADER_AFTER_TRACK + (long) length);
        Ebml.writeVint(out, track);
        out.putBigEndian(timecodeMillis - clusterTimecode, Short.BYTES);
        out.put(keyframe ? KEYFRAME_FLAG : NO_FLAGS);
        lastTimecode[track] = timecodeMillis;
        hasFrame[track] = true;
    }

    /**
     * The stream header that the next fragments follow declares {@code tracks} tracks: 2 (video and audio) or 1 (video
     * alone). Call between fragments, when a new header is written.
     */
    public void declareTracks(int tracks) {
        if (tracks < StreamHeader.VIDEO_TRACK_NUMBER || tracks > MAX_TRACKS) {
            throw new IllegalArgumentException("a stream header declares 1 or 2 tracks, not " + tracks);
        }
        if (fragmentOpen) {
            throw new IllegalStateException("declareTracks inside a fragment");
        }
        declaredTracks = tracks;
    }

    /** Whether closing the open fragment now would be accepted: every declared track has a frame in it (KVS 4011). */
    public boolean everyTrackHasFrame() {
        return firstTrackWithoutFrame() == 0;
    }

    /** The lowest declared track with no frame in the open fragment, or 0 when there is none. */
    public int firstTrackWithoutFrame() {
        for (int track = StreamHeader.VIDEO_TRACK_NUMBER; track <= declaredTracks; track++) {
            if (!hasFrame[track]) {
                return track;
            }
        }
        return 0;
    }

    /**
     * Ends the open fragment; refused while a declared track has no frame in it (KVS 4011), in which case the caller
     * keeps writing into it. Unknown-size clusters need no closing bytes: the next Tags, Cluster or stream header
     * (or the end of the upload) ends it. Call before sending a new {@link StreamHeader}.
     */
    public void closeFragment() {
        if (!fragmentOpen) {
            return;
        }
        int missing = firstTrackWithoutFrame();
        if (missing != 0) {
            throw new MkvRefusal(MkvRefusal.Reason.TRACK_WITHOUT_FRAME, "track " + missing
                    + " has no frame in the fragment at " + clusterTimecode + " ms");
        }
        fragmentOpen = false;
    }

    /**
     * Gives up the open fragment without closing it: the caller throws away what it wrote (it was never sent), for a
     * fragment that cannot become valid — a declared track stayed empty (4011) up to the duration limit (4002).
     * Timecodes stay as they were, so what follows must still move forward.
     */
    public void discardFragment() {
        fragmentOpen = false;
    }

    /**
     * Where, in the buffer the last {@link #writeFrame} wrote to (its view, or the caller's buffer), the Cluster's
     * 8-octet size begins — written as "unknown" (RFC 8794 §6.2) — or {@link #NO_CLUSTER} when that frame did not
     * begin the Cluster. A caller that
     * collects the whole fragment may patch in the real size ({@link Ebml#patchSize}) so that the receiver knows the
     * fragment is complete at its last byte instead of at the next fragment's first.
     */
    public int clusterSizeOffset() {
        return clusterSizeOffset;
    }

    public boolean fragmentOpen() {
        return fragmentOpen;
    }

    /** The open (or last) fragment's Cluster Timecode, which KVS echoes as FragmentTimecode. */
    public long clusterTimecode() {
        return clusterTimecode;
    }

    private void checkFrame(int track, long timecodeMillis, boolean keyframe, byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (length == 0) {
            throw new IllegalArgumentException("a frame must not be empty");
        }
        if (!fragmentOpen) {
            throw new MkvRefusal(MkvRefusal.Reason.NO_FRAGMENT, "startFragment before writing frames");
        }
        if (track < StreamHeader.VIDEO_TRACK_NUMBER || track > declaredTracks) {
            throw new MkvRefusal(MkvRefusal.Reason.UNKNOWN_TRACK, "track " + track + " is not in the stream header");
        }
        if (!clusterWritten && (track != StreamHeader.VIDEO_TRACK_NUMBER || !keyframe)) {
            throw new MkvRefusal(MkvRefusal.Reason.FIRST_FRAME_NOT_VIDEO_KEYFRAME, "fragment at " + clusterTimecode
                    + " ms must start with a video keyframe, got track " + track + (keyframe ? " keyframe" : " delta"));
        }
        if (timecodeMillis < lastTimecode[track]) {
            throw new MkvRefusal(MkvRefusal.Reason.TIMECODE_BACKWARDS, "track " + track + " frame at "
                    + timecodeMillis + " ms after one at " + lastTimecode[track] + " ms");
        }
        long relative = timecodeMillis - clusterTimecode;
        if (relative < Short.MIN_VALUE || relative > Short.MAX_VALUE) {
            throw new MkvRefusal(MkvRefusal.Reason.RELATIVE_TIMECODE_OUT_OF_RANGE, "track " + track + " frame at "
                    + timecodeMillis + " ms is " + relative + " ms from its cluster at " + clusterTimecode
                    + " ms; a SimpleBlock holds " + Short.MIN_VALUE + ".." + Short.MAX_VALUE + ": start a new fragment");
        }
    }
}
