package io.storagesession.recorder;

import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.Ebml;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvRefusal;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.ChunkPool;
import io.storagesession.recorder.putmedia.FragmentBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts time-ordered frames into KVS fragments (KVS-WIRE.md §4-§5, ARCHITECTURE.md "Recording"): a fragment begins at
 * a video keyframe, ends at the first keyframe at least {@code min-duration} later once every track has a frame in
 * it (a fragment without one is refused with 4011), and never spans {@code max-duration} (4002): a frame that far
 * from the start ends the fragment, and video waits for the next keyframe. New parameter sets (a new avcC: another
 * resolution) end the fragment and start a new stream header at the next keyframe. Frames that no fragment can take
 * are dropped and counted. A fragment's bytes are written straight into a chain of chunks of the sink's pool
 * ({@link FragmentBytes}: each frame's few header bytes from the writer's small view, then the frame from where it
 * is) and go to the sink whole, so the upload only ever resends complete fragments; with {@code cluster-size = KNOWN}
 * the Cluster's size is patched in then, through the chain, so the receiver can acknowledge it at its last byte. The
 * upload takes the chunks as they are, keeps them until PERSISTED and then gives them back to the pool, so a
 * fragment's bytes exist once, a steady recording makes no array per fragment, and a session holds only the chunks
 * of what it has written so far — not an array sized for its largest fragment. Confined to the session executor.
 */
final class FragmentBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(FragmentBuilder.class);
    private static final int VIDEO = StreamHeader.VIDEO_TRACK_NUMBER;
    private static final int AUDIO = StreamHeader.AUDIO_TRACK_NUMBER;
    /** Tracks a stream header declares: video alone (a master that sends no audio), or video and audio. */
    private static final int VIDEO_ONLY = 1;
    private static final int VIDEO_AND_AUDIO = 2;
    /** Each Opus or AAC frame decodes on its own: audio blocks are keyframes, as FFmpeg's Matroska muxer marks them. */
    private static final boolean AUDIO_KEYFRAME = true;

    private final long minMillis;
    private final long maxMillis;
    private final AudioTrack audioTrack;
    private final StreamHeader header;
    private final FragmentWriter writer;
    private final MkvBuffer headerBytes;
    private final FragmentBytes fragment;
    private final FragmentSink sink;
    private final RecorderCounters counters;
    private final boolean sizedClusters;
    private VideoTrack headerTrack;
    private long fragmentStart;
    /** Timecode of the last video frame written into the open fragment. */
    private long lastVideo;
    private final long audioAfterVideoMillis;
    private int clusterSizeAt;

    /** @param audioTrack the audio track, or null for video-only fragments */
    FragmentBuilder(RecorderSettings settings, AudioTrack audioTrack, FragmentSink sink, RecorderCounters counters) {
        this.minMillis = settings.minFragment().toMillis();
        this.maxMillis = settings.maxFragment().toMillis();
        this.audioAfterVideoMillis = settings.audioAfterVideo().toMillis();
        this.audioTrack = audioTrack;
        this.header = new StreamHeader(settings.mkv());
        this.writer = new FragmentWriter(settings.mkv());
        this.headerBytes = new MkvBuffer(settings.mkv().initialBufferBytes());
        this.fragment = new FragmentBytes(sink.chunkPool().orElseGet(() -> ChunkPool.from(settings.putMedia())));
        this.sink = sink;
        this.counters = counters;
        this.sizedClusters = settings.sizedClusters();
    }

    /** Whether a fragment is open (frames can be written): false until the first keyframe and after a cut-off. */
    boolean fragmentOpen() {
        return writer.fragmentOpen();
    }

    /**
     * One video access unit (AVCC) at {@code timecode} ms; {@code track} is the track description in force, a new
     * instance only when the parameter sets changed.
     */
    void video(long timecode, boolean keyframe, VideoTrack track, byte[] data, int off, int len) {
        if (track != headerTrack) {
            endFragment();
            if (!keyframe) {
                counters.videoFramesWithoutFragment++;
                return;
            }
            writeHeader(track);
        }
        if (keyframe && (!writer.fragmentOpen() || timecode - fragmentStart >= minMillis && writer.everyTrackHasFrame())) {
            endFragment();
            writer.startFragment(timecode, FragmentTags.NONE);
            fragmentStart = timecode;
        } else if (!writer.fragmentOpen()) {
            counters.videoFramesWithoutFragment++;
            return;
        } else if (timecode - fragmentStart >= maxMillis) {
            endFragment();
            counters.videoFramesWithoutFragment++;
            return;
        }
        if (write(VIDEO, timecode, keyframe, data, off, len)) {
            counters.videoFramesWritten++;
            lastVideo = timecode;
        }
    }

    /** One audio frame (Opus packet or raw AAC frame) at {@code timecode} ms. */
    void audio(long timecode, byte[] data, int off, int len) {
        if (!writer.fragmentOpen() || timecode - fragmentStart >= maxMillis) {
            counters.audioFramesWithoutFragment++;
            return;
        }
        if (timecode < fragmentStart) {
            counters.audioFramesLate++;
            return;
        }
        if (timecode - lastVideo > audioAfterVideoMillis) {
            // The master's video stopped (it lost power and consent has not closed it yet, or it stalled): a recording
            // ends at the master's last frame, not with seconds of mix over a frozen picture.
            counters.audioFramesAfterVideo++;
            return;
        }
        if (write(AUDIO, timecode, AUDIO_KEYFRAME, data, off, len)) {
            counters.audioFramesWritten++;
        }
    }

    /**
     * Bytes of the buffers it holds: the stream header's, the writer's view and the chunks of the fragment being
     * written (not those handed over).
     */
    int bufferBytes() {
        return headerBytes.capacity() + writer.viewCapacity() + fragment.heldBytes();
    }

    /** The fragment being written, for tests: what it has written and what it holds. */
    FragmentBytes fragmentBytes() {
        return fragment;
    }

    /** Ends the recording: the open fragment is handed over when complete, else discarded; a next one needs a header. */
    void finish() {
        endFragment();
        headerTrack = null;
    }

    private boolean write(int track, long timecode, boolean keyframe, byte[] data, int off, int len) {
        try {
            MkvBuffer head = writer.writeFrameHead(track, timecode, keyframe, data, off, len);
            if (writer.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                clusterSizeAt = fragment.length() + writer.clusterSizeOffset();
            }
            fragment.write(head.array(), 0, head.length());
            fragment.write(data, off, len);
            return true;
        } catch (MkvRefusal e) {
            counters.writerRefusals++;
            LOG.error("recorder: the MKV writer refused a frame ({}); the fragment at {} is discarded", e.getMessage(),
                    fragmentStart);
            writer.discardFragment();
            fragment.release();
            return false;
        }
    }

    private void endFragment() {
        if (!writer.fragmentOpen()) {
            return;
        }
        if (writer.everyTrackHasFrame()) {
            writer.closeFragment();
            if (sizedClusters) {
                fragment.overwriteBigEndian(clusterSizeAt, Ebml.sizeVint(fragment.length() - clusterSizeAt
                        - Ebml.MAX_VINT_LENGTH), Ebml.MAX_VINT_LENGTH);
            }
            try {
                sink.fragment(fragment, fragmentStart);
            } finally {
                // Whatever the sink did not take (all of it, if it threw) goes back: the next fragment starts empty.
                fragment.release();
            }
            counters.fragments++;
        } else {
            LOG.warn("recorder: fragment at {} discarded: track {} has no frame in it", fragmentStart,
                    writer.firstTrackWithoutFrame());
            writer.discardFragment();
            counters.fragmentsDiscarded++;
            fragment.release();
        }
    }

    private void writeHeader(VideoTrack track) {
        header.write(headerBytes, track, audioTrack);
        writer.declareTracks(audioTrack == null ? VIDEO_ONLY : VIDEO_AND_AUDIO);
        sink.streamHeader(headerBytes.array(), 0, headerBytes.length());
        headerTrack = track;
        counters.streamHeaders++;
    }
}
