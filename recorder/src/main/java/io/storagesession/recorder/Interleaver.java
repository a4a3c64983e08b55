package io.storagesession.recorder;

import io.storagesession.recorder.mkv.VideoTrack;

/**
 * Puts the two tracks in time order before they are cut into fragments. The full audio mix reaches the recorder
 * later than the video of the same instant (it has been through the mixer's jitter buffer), so each track's frames
 * wait in a {@link FrameQueue} and the earlier head of the two is written first; a track whose own queue spans
 * {@code max-delay} stops waiting (the other has stalled: a muted camera, a lost audio path). Without this, audio of
 * instant T would reach the fragment cut at a keyframe at T too late and land in the next fragment. The queues grow to
 * the window the stream needs ({@code interleave.*-max-bytes} at most) rather than write frames out early. Confined to
 * the session executor; allocates nothing per frame once the queues have grown.
 */
final class Interleaver {
    private final FrameQueue video;
    private final FrameQueue audio;
    private final long maxDelayMillis;
    private final FragmentBuilder out;
    private final RecorderCounters counters;
    /** False for a video-only recording: video has nothing to wait for. */
    private final boolean withAudio;

    Interleaver(RecorderSettings settings, FragmentBuilder out, boolean withAudio, RecorderCounters counters) {
        this.counters = counters;
        this.withAudio = withAudio;
        this.video = new FrameQueue(settings.videoQueueFrames(), settings.videoQueueBytes(),
                settings.videoQueueMaxBytes());
        this.audio = new FrameQueue(settings.audioQueueFrames(), settings.audioQueueBytes(),
                settings.audioQueueMaxBytes());
        this.maxDelayMillis = settings.maxInterleaveDelay().toMillis();
        this.out = out;
    }

    void video(long timecode, boolean keyframe, VideoTrack track, byte[] data, int len) {
        if (!withAudio) {
            out.video(timecode, keyframe, track, data, 0, len);
            return;
        }
        while (!video.roomFor(len)) {
            writeVideo();
            counters.framesWrittenEarly++;
        }
        video.add(timecode, keyframe, track, data, 0, len);
        drain();
    }

    void audio(long timecode, byte[] data, int off, int len) {
        while (!audio.roomFor(len)) {
            writeAudio();
            counters.framesWrittenEarly++;
        }
        audio.add(timecode, true, null, data, off, len);
        drain();
    }

    /** Writes everything queued, in time order (the recording ends). */
    void flush() {
        while (!video.isEmpty() || !audio.isEmpty()) {
            if (audio.isEmpty() || !video.isEmpty() && video.oldestTimecode() <= audio.oldestTimecode()) {
                writeVideo();
            } else {
                writeAudio();
            }
        }
    }

    /** Bytes of the two queues' rings: what this stream's interleaving window has needed so far. */
    int ringBytes() {
        return video.ringBytes() + audio.ringBytes();
    }

    /** Drops everything queued (a recording that cannot continue). */
    void clear() {
        video.clear();
        audio.clear();
    }

    private void drain() {
        while (true) {
            if (!video.isEmpty() && !audio.isEmpty()) {
                if (video.oldestTimecode() <= audio.oldestTimecode()) {
                    writeVideo();
                } else {
                    writeAudio();
                }
            } else if (!video.isEmpty() && video.newestTimecode() - video.oldestTimecode() >= maxDelayMillis) {
                writeVideo();
            } else if (!audio.isEmpty() && audio.newestTimecode() - audio.oldestTimecode() >= maxDelayMillis) {
                writeAudio();
            } else {
                return;
            }
        }
    }

    private void writeVideo() {
        out.video(video.oldestTimecode(), video.oldestKeyframe(), video.oldestTrack(), video.oldestData(),
                video.oldestOffset(), video.oldestLength());
        video.removeOldest();
    }

    private void writeAudio() {
        out.audio(audio.oldestTimecode(), audio.oldestData(), audio.oldestOffset(), audio.oldestLength());
        audio.removeOldest();
    }
}
