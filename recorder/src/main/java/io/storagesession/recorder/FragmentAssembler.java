package io.storagesession.recorder;

import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.Ebml;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvRefusal;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts time-ordered frames into KVS fragments (KVS-WIRE.md §4-§5, ARCHITECTURE.md "Recording"): a fragment begins at
 * a video keyframe, ends at the first keyframe at least {@code min-duration} later once every track has a frame in
 * it (a fragment without one is refused with 4011), and never spans {@code max-duration} (4002): a frame that far
 * from the start ends the fragment, and video waits for the next keyframe. New parameter sets (a new avcC: another
 * resolution) end the fragment and start a new stream header at the next keyframe. Frames that no fragment can take
 * are dropped and counted. A fragment's bytes are written straight into one array lent by the {@link FragmentSink}
 * (the shared pool of fragment arrays) and go to the sink whole, with the array, so the upload only ever resends
 * complete fragments; with {@code cluster-size = KNOWN} the Cluster's size is patched in then, so the receiver can
 * acknowledge it at its last byte. The upload keeps that array until PERSISTED instead of copying it and then gives
 * it back to the pool, so a fragment's bytes exist once and a steady recording makes no array per fragment. The next
 * fragment asks for an array of the last one's size, so a kept one fits it; a fragment that outgrows its array grows
 * it by the pool's headroom (rarely), and the grown array is what the pool keeps. Confined to the session executor.
 */
final class FragmentAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(FragmentAssembler.class);
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
    private final MkvBuffer fragment;
    private final FragmentSink sink;
    private final RecorderCounters counters;
    private final boolean sizedClusters;
    /** What the next fragment's array is asked for: the last fragment's size (the first asks for the initial size). */
    private int nextFragmentBytes;
    private VideoTrack headerTrack;
    private long fragmentStart;
    /** Timecode of the last video frame written into the open fragment. */
    private long lastVideo;
    private final long audioAfterVideoMillis;
    private int clusterSizeAt;

    /** @param audioTrack the audio track, or null for video-only fragments */
    FragmentAssembler(RecorderSettings settings, AudioTrack audioTrack, FragmentSink sink, RecorderCounters counters) {
        this.minMillis = settings.minFragment().toMillis();
        this.maxMillis = settings.maxFragment().toMillis();
        this.audioAfterVideoMillis = settings.audioAfterVideo().toMillis();
        this.audioTrack = audioTrack;
        this.header = new StreamHeader(settings.mkv());
        this.writer = new FragmentWriter(settings.mkv());
        this.headerBytes = new MkvBuffer(settings.mkv().initialBufferBytes());
        this.fragment = new MkvBuffer(settings.putMedia().fragmentBuffers().headroom());
        this.sink = sink;
        this.counters = counters;
        this.sizedClusters = settings.sizedClusters();
        this.nextFragmentBytes = settings.mkv().initialBufferBytes();
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
            if (fragment.capacity() == 0) {
                // The last fragment's array went with it (a discarded fragment's is written over again).
                fragment.adopt(sink.fragmentArray(nextFragmentBytes));
            }
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

    /** Bytes of the buffers it holds: the stream header's and the fragment being written (not those handed over). */
    int bufferBytes() {
        return headerBytes.capacity() + fragment.capacity();
    }

    /** Ends the recording: the open fragment is handed over when complete, else discarded; a next one needs a header. */
    void finish() {
        endFragment();
        headerTrack = null;
    }

    private boolean write(int track, long timecode, boolean keyframe, byte[] data, int off, int len) {
        try {
            writer.writeFrame(fragment, track, timecode, keyframe, data, off, len);
            if (writer.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                clusterSizeAt = writer.clusterSizeOffset();
            }
            return true;
        } catch (MkvRefusal e) {
            counters.writerRefusals++;
            LOG.error("recorder: the MKV writer refused a frame ({}); the fragment at {} is discarded", e.getMessage(),
                    fragmentStart);
            writer.discardFragment();
            fragment.reset();
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
                Ebml.patchSize(fragment.array(), clusterSizeAt, fragment.length() - clusterSizeAt - Ebml.MAX_VINT_LENGTH);
            }
            int length = fragment.length();
            nextFragmentBytes = length;
            sink.fragment(fragment.handOver(), 0, length, fragmentStart);
            counters.fragments++;
        } else {
            LOG.warn("recorder: fragment at {} discarded: track {} has no frame in it", fragmentStart,
                    writer.firstTrackWithoutFrame());
            writer.discardFragment();
            counters.fragmentsDiscarded++;
        }
        fragment.reset();
    }

    private void writeHeader(VideoTrack track) {
        header.write(headerBytes, track, audioTrack);
        writer.declareTracks(audioTrack == null ? VIDEO_ONLY : VIDEO_AND_AUDIO);
        sink.streamHeader(headerBytes.array(), 0, headerBytes.length());
        headerTrack = track;
        counters.streamHeaders++;
    }
}
