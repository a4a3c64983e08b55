package io.storagesession.bench.store;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A 1 Mbit/s recording of the shape the recorder stores, for the archived-media benchmarks: fragments of 2 s, each 50
 * H.264 frames (a 40 kB keyframe, then about 4.2 kB each: 250 kB a fragment), each followed by the 256 B AAC frames
 * (94 a fragment) up to the next video frame, so that a fragment begins with its keyframe. The payloads
 * are random bytes behind valid length prefixes and NAL headers: packaging never decodes them, so only their sizes
 * matter. The same recording is given as frames (for writers benchmarked in memory) and as the MKV a producer would
 * upload (for the store benchmarked end to end).
 */
final class SyntheticRecording {
    static final long T0 = 1_763_800_000_000L;
    static final long FRAGMENT_MILLIS = 2_000;
    static final int VIDEO_TRACK = StreamHeader.VIDEO_TRACK_NUMBER;
    static final int AUDIO_TRACK = StreamHeader.AUDIO_TRACK_NUMBER;
    static final int WIDTH = 640;
    static final int HEIGHT = 360;
    static final int SAMPLE_RATE = 48_000;
    static final int CHANNELS = 2;
    /** avcC of a 640x360 constrained-baseline stream (level 3.1): one SPS and one PPS. */
    static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 9, 0x67, 0x42,
        (byte) 0xC0, 0x1F, (byte) 0xDA, 0x01, 0x40, 0x16, (byte) 0xE8, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    private static final int VIDEO_FRAMES = 50;
    private static final int KEYFRAME_BYTES = 40_000;
    private static final int DELTA_BYTES = 4_200;
    private static final int AUDIO_FRAMES = 94;
    private static final int AAC_BYTES = 256;
    private static final int NAL_IDR = 0x65;
    private static final int NAL_NON_IDR = 0x41;
    /** A raw AAC frame's first byte: a channel pair element (id 1), never an ADTS sync word. */
    private static final int AAC_CPE = 0x21;
    private static final long SEED = 1;

    /** One stored frame: its track, absolute producer time, keyframe flag and bytes (AVCC for video). */
    record Frame(int track, long timeMillis, boolean key, byte[] data) {
    }

    private SyntheticRecording() {
    }

    /** The frames of {@code fragments} fragments, one list per fragment, audio and video interleaved by time. */
    static List<List<Frame>> fragments(int fragments) {
        Random random = new Random(SEED);
        List<List<Frame>> out = new ArrayList<>(fragments);
        for (int f = 0; f < fragments; f++) {
            long start = T0 + f * FRAGMENT_MILLIS;
            List<Frame> frames = new ArrayList<>();
            int audio = 0;
            for (int v = 0; v < VIDEO_FRAMES; v++) {
                long videoTime = start + v * FRAGMENT_MILLIS / VIDEO_FRAMES;
                frames.add(new Frame(VIDEO_TRACK, videoTime, v == 0,
                        nal(random, v == 0 ? NAL_IDR : NAL_NON_IDR, v == 0 ? KEYFRAME_BYTES : DELTA_BYTES)));
                long nextVideo = start + (v + 1) * FRAGMENT_MILLIS / VIDEO_FRAMES;
                while (audio < AUDIO_FRAMES && start + audio * FRAGMENT_MILLIS / AUDIO_FRAMES < nextVideo) {
                    byte[] aac = bytes(random, AAC_BYTES);
                    aac[0] = AAC_CPE;
                    frames.add(new Frame(AUDIO_TRACK, start + audio * FRAGMENT_MILLIS / AUDIO_FRAMES, true, aac));
                    audio++;
                }
            }
            out.add(frames);
        }
        return out;
    }

    /** The MKV a producer uploads for these fragments: the stream header (H.264 + AAC-LC), then one cluster each. */
    static byte[] mkv(List<List<Frame>> fragments) {
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, new VideoTrack(WIDTH, HEIGHT, AVCC),
                AudioTrack.aacLc(SAMPLE_RATE, CHANNELS));
        FragmentWriter writer = new FragmentWriter(settings);
        writer.declareTracks(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.array(), 0, header.length());
        for (List<Frame> fragment : fragments) {
            writer.startFragment(fragment.get(0).timeMillis(), FragmentTags.NONE);
            for (Frame f : fragment) {
                MkvBuffer b = writer.writeFrame(f.track(), f.timeMillis(), f.key(), f.data(), 0, f.data().length);
                out.write(b.array(), 0, b.length());
            }
        }
        writer.closeFragment();
        return out.toByteArray();
    }

    private static byte[] nal(Random random, int header, int bytes) {
        byte[] frame = bytes(random, bytes);
        int nal = bytes - Integer.BYTES;
        frame[0] = (byte) (nal >>> 24);
        frame[1] = (byte) (nal >>> 16);
        frame[2] = (byte) (nal >>> 8);
        frame[3] = (byte) nal;
        frame[Integer.BYTES] = (byte) header;
        return frame;
    }

    private static byte[] bytes(Random random, int count) {
        byte[] b = new byte[count];
        random.nextBytes(b);
        return b;
    }

    /** The AudioSpecificConfig of the recording's audio track. */
    static byte[] audioSpecificConfig() {
        return AudioSpecificConfig.aacLc(SAMPLE_RATE, CHANNELS);
    }
}
