package io.storagesession.recorder.mkv;

/** One frame to write or one frame read back: track, absolute timecode (ms), keyframe flag and bytes. */
public record MediaFrame(int track, long timecodeMillis, boolean keyframe, byte[] data) {
}
