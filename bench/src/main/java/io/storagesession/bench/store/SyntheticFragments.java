package io.storagesession.bench.store;

import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.Ebml;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import java.util.Random;

/**
 * KVS fragments of a 1 Mbps session for the media store's load generator, written with the recorder's own MKV writer
 * as the recorder writes them (Clusters of known size): 3 s each, 90 H.264 frames (a 40 kB keyframe, then about
 * 3.7 kB each) and 150 Opus frames of 80 B. The payload bytes are random; the store does not decode media. The
 * reliability suite's disk-full test (it module) fills a disk with them.
 */
public final class SyntheticFragments {
    public static final long FRAGMENT_MILLIS = 3_000;
    private static final int VIDEO_FRAMES = 90;
    private static final int KEYFRAME_BYTES = 40_000;
    private static final int DELTA_BYTES = 3_700;
    private static final int AUDIO_FRAMES = 150;
    private static final int OPUS_BYTES = 80;
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 9, 0x67, 0x42,
        (byte) 0xC0, 0x1F, (byte) 0xDA, 0x01, 0x40, 0x16, (byte) 0xE8, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    private final MkvSettings settings = MkvSettings.defaults();
    private final Random random = new Random(5);
    private final byte[] keyframe = frame(KEYFRAME_BYTES);
    private final byte[] delta = frame(DELTA_BYTES);
    private final byte[] opus = frame(OPUS_BYTES);

    /** The stream header: H.264 640x360 and mono Opus. */
    public byte[] header() {
        MkvBuffer out = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(out, new VideoTrack(640, 360, AVCC), AudioTrack.opus(1));
        return out.toByteArray();
    }

    /** One fragment whose Cluster Timecode is {@code startMillis}. */
    public byte[] fragment(long startMillis) {
        FragmentWriter writer = new FragmentWriter(settings);
        MkvBuffer fragment = new MkvBuffer(settings.initialBufferBytes());
        writer.startFragment(startMillis, FragmentTags.NONE);
        int sizeAt = -1;
        int audio = 0;
        for (int v = 0; v < VIDEO_FRAMES; v++) {
            long videoTime = startMillis + v * FRAGMENT_MILLIS / VIDEO_FRAMES;
            int before = fragment.length();
            fragment.append(writer.writeFrame(StreamHeader.VIDEO_TRACK_NUMBER, videoTime, v == 0,
                    v == 0 ? keyframe : delta, 0, v == 0 ? keyframe.length : delta.length));
            if (writer.clusterSizeOffset() != FragmentWriter.NO_CLUSTER) {
                sizeAt = before + writer.clusterSizeOffset();
            }
            while (audio < AUDIO_FRAMES && startMillis + audio * FRAGMENT_MILLIS / AUDIO_FRAMES <= videoTime) {
                fragment.append(writer.writeFrame(StreamHeader.AUDIO_TRACK_NUMBER,
                        startMillis + audio * FRAGMENT_MILLIS / AUDIO_FRAMES, true, opus, 0, opus.length));
                audio++;
            }
        }
        writer.closeFragment();
        Ebml.patchSize(fragment.array(), sizeAt, fragment.length() - sizeAt - Ebml.MAX_VINT_LENGTH);
        return fragment.toByteArray();
    }

    private byte[] frame(int bytes) {
        byte[] frame = new byte[bytes];
        random.nextBytes(frame);
        return frame;
    }
}
