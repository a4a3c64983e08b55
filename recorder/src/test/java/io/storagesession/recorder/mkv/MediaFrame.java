package io.storagesession.recorder.mkv;

import io.storagesession.codecs.TestMedia;
import java.util.List;

/** One frame to write or one frame read back: track, absolute timecode (ms), keyframe flag and bytes. */
public record MediaFrame(int track, long timecodeMillis, boolean keyframe, byte[] data) {

    /** The test media's frames as frames of {@code track}, {@code shiftMillis} later. */
    static List<MediaFrame> of(int track, List<TestMedia.Frame> frames, long shiftMillis) {
        return frames.stream().map(f -> new MediaFrame(track, shiftMillis + f.timecodeMillis(), f.keyframe(),
                f.data())).toList();
    }
}
