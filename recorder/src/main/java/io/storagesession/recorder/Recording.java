package io.storagesession.recorder;

import io.storagesession.recorder.mkv.VideoTrack;
import io.storagesession.recorder.putmedia.FragmentBytes;

/**
 * One recording: from a master's arrival to its departure (or the session's end), one PutMedia upload
 * ({@link FragmentSink}) with its own strictly increasing timelines. Frames go through the {@link Interleaver} into
 * the {@link FragmentBuilder}. Confined to the session executor.
 */
final class Recording implements RecordedAudio.Frames {
    private final TrackTimeline videoTimeline;
    private final TrackTimeline audioTimeline;
    private final FragmentBuilder builder;
    private final Interleaver interleaver;
    private final FragmentSink sink;
    private final RecordedAudio audio;
    private boolean ended;

    /** @param audio the audio track, or null for a video-only recording (single-track fragments) */
    Recording(RecorderSettings settings, RecordedAudio audio, FragmentSink sink, RecorderCounters counters) {
        this.videoTimeline = new TrackTimeline(counters);
        this.audioTimeline = new TrackTimeline(counters);
        this.builder = new FragmentBuilder(settings, audio == null ? null : audio.track(), sink, counters);
        this.interleaver = new Interleaver(settings, builder, audio != null, counters);
        this.sink = sink;
        this.audio = audio;
    }

    /** Whether a fragment is open, so video can be written (false before the first keyframe and after a cut-off). */
    boolean fragmentOpen() {
        return builder.fragmentOpen();
    }

    /** Whether the recording has an audio track (the master sends audio). */
    boolean hasAudio() {
        return audio != null;
    }

    /** A video access unit placed at {@code epochMillis}. */
    void video(long epochMillis, boolean keyframe, VideoTrack track, byte[] data, int len) {
        interleaver.video(videoTimeline.timecode(epochMillis), keyframe, track, data, len);
    }

    /** A frame of the full mix placed at {@code epochMillis}; ignored by a video-only recording. */
    void mixed(long epochMillis, short[] pcm, byte[] opus, int off, int len) {
        if (audio == null) {
            return;
        }
        audio.mixed(epochMillis, pcm, opus, off, len, this);
    }

    /** A frame of the audio track (after encoding, if any). */
    @Override
    public void audio(long timecode, byte[] frame, int off, int len) {
        interleaver.audio(audioTimeline.timecode(timecode), frame, off, len);
    }

    /**
     * Bytes this recording's own buffers hold now (the interleaving queues' rings, the stream header, the fragment
     * being written): what recording costs a session besides the fragments its upload keeps until PERSISTED.
     */
    int bufferBytes() {
        return interleaver.ringBytes() + builder.bufferBytes();
    }

    /** The fragment being written, for tests. */
    FragmentBytes fragmentBytes() {
        return builder.fragmentBytes();
    }

    /** Writes what is queued, hands over the last complete fragment and ends the upload. Idempotent. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (audio != null) {
            audio.flush(this);
        }
        interleaver.flush();
        builder.finish();
        sink.end();
    }
}
