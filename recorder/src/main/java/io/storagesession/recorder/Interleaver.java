package io.storagesession.recorder;

import io.storagesession.recorder.mkv.VideoTrack;

/**
 * Puts the two tracks in time order before they are cut into fragments. The full audio mix reaches the recorder
 * later than the video of the same instant (it has been through the mixer's jitter buffer), so each track's frames
 * wait in a {@link FrameQueue} and the earlier head of the two is written first; a track whose own queue spans
 * {@code max-delay} stops waiting (the other has stalled: a muted camera, a lost audio path). Without this, audio of
 * instant T would reach the fragment cut at a keyframe at T too late and land in the next fragment. Confined to the
 * session executor; allocates nothing per frame.
 */
final class Interleaver {
    private final FrameQueue video;
    private final FrameQueue audio;
    private final long maxDelayMillis;
    private final FragmentAssembler out;
    /** False for a video-only recording: video has nothing to wait for. */
    private final boolean withAudio;

    Interleaver(RecorderSettings settings, FragmentAssembler out, boolean withAudio) {
        this.withAudio = withAudio;
        this.video = new FrameQueue(settings.videoQueueFrames(), settings.videoQueueBytes());
        this.audio = new FrameQueue(settings.audioQueueFrames(), settings.audioQueueBytes());
        this.maxDelayMillis = settings.maxInterleaveDelay().toMillis();
        this.out = out;
    }

    void video(long timecode, boolean keyframe, VideoTrack track, byte[] data, int len) {
        if (!withAudio) {
            out.video(timecode, keyframe, track, data, 0, len);
            return;
        }
        while (!video.isEmpty() && !video.fits(len)) {
            writeVideo();
        }
        video.add(timecode, keyframe, track, data, 0, len);
        drain();
    }

    void audio(long timecode, byte[] data, int off, int len) {
        while (!audio.isEmpty() && !audio.fits(len)) {
            writeAudio();
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
