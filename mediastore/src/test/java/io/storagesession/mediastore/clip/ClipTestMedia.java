package io.storagesession.mediastore.clip;

import io.storagesession.codecs.TestMedia;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * PutMedia bodies for the GetClip tests, written with the recorder's own MKV writer (what the project's producer
 * sends): a stream header, then fragments cut at video keyframes with the audio frames that fall into them. The frames
 * are either real media ({@link TestMedia}: ffmpeg's H.264, AAC or the project's Opus) or synthetic frames that
 * parse (one length-prefixed NAL unit of random bytes per H.264 frame, random AAC frames without an ADTS sync word).
 */
final class ClipTestMedia {
    /** A synthetic stream's avcC: baseline profile, 4-byte lengths, one SPS and one PPS. */
    static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 9, 0x67, 0x42,
        (byte) 0xC0, 0x1F, (byte) 0xDA, 0x01, 0x40, 0x16, (byte) 0xE8, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    static final int WIDTH = 640;
    static final int HEIGHT = 360;
    /** No broken fragment. */
    static final int NONE = -1;
    private static final int NAL_IDR = 0x65;
    private static final int NAL_NON_IDR = 0x41;
    private static final int AAC_FRAME_MILLIS = 21;
    private static final int VIDEO_FRAME_MILLIS = 40;
    private static final int DELTA_BYTES = 600;
    private static final int AAC_BYTES = 200;

    /** A PutMedia body and where each of its fragments starts (producer time, ms). */
    record Upload(byte[] body, List<Long> fragmentStarts) {
    }

    private ClipTestMedia() {
    }

    /** Cuts real (or any) frames into fragments of {@code keyframesPerFragment} GOPs under one stream header. */
    static Upload upload(VideoTrack video, AudioTrack audio, List<TestMedia.Frame> videoFrames,
                         List<TestMedia.Frame> audioFrames, int keyframesPerFragment) {
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, video, audio);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header.toByteArray());
        List<Long> starts = new ArrayList<>();
        int keys = 0;
        for (TestMedia.Frame f : videoFrames) {
            if (f.keyframe() && keys++ % keyframesPerFragment == 0) {
                starts.add(f.timecodeMillis());
            }
        }
        FragmentWriter writer = new FragmentWriter(settings);
        for (int i = 0; i < starts.size(); i++) {
            long from = starts.get(i);
            long to = i + 1 < starts.size() ? starts.get(i + 1) : Long.MAX_VALUE;
            List<Block> blocks = new ArrayList<>();
            videoFrames.stream().filter(f -> f.timecodeMillis() >= from && f.timecodeMillis() < to)
                    .forEach(f -> blocks.add(new Block(StreamHeader.VIDEO_TRACK_NUMBER, f)));
            audioFrames.stream().filter(f -> f.timecodeMillis() >= from && f.timecodeMillis() < to)
                    .forEach(f -> blocks.add(new Block(StreamHeader.AUDIO_TRACK_NUMBER, f)));
            blocks.sort(Comparator.comparingLong((Block b) -> b.frame.timecodeMillis()).thenComparingInt(b -> b.track));
            body.writeBytes(fragment(writer, settings, from, blocks));
        }
        return new Upload(body.toByteArray(), starts);
    }

    /**
     * {@code count} synthetic fragments of {@code fragmentMillis} from {@code startMillis}: 25 fps H.264 whose
     * keyframes are {@code keyframeBytes} long, and AAC LC 48 kHz stereo.
     */
    static Upload synthetic(long startMillis, int count, long fragmentMillis, int keyframeBytes, long seed) {
        return synthetic(startMillis, count, fragmentMillis, keyframeBytes, seed, new VideoTrack(WIDTH, HEIGHT, AVCC),
                NONE);
    }

    /**
     * As {@link #synthetic(long, int, long, int, long)} under the given video track (its size and avcC), with the
     * keyframe of fragment {@code brokenFragment} (or {@link #NONE}) made unparsable: its NAL length runs past its end.
     */
    static Upload synthetic(long startMillis, int count, long fragmentMillis, int keyframeBytes, long seed,
                            VideoTrack videoTrack, int brokenFragment) {
        Random random = new Random(seed);
        List<TestMedia.Frame> video = new ArrayList<>();
        List<TestMedia.Frame> audio = new ArrayList<>();
        long end = startMillis + count * fragmentMillis;
        for (long t = startMillis; t < end; t += VIDEO_FRAME_MILLIS) {
            boolean key = (t - startMillis) % fragmentMillis == 0;
            byte[] frame = nal(random, key ? NAL_IDR : NAL_NON_IDR, key ? keyframeBytes : DELTA_BYTES);
            if (key && (t - startMillis) / fragmentMillis == brokenFragment) {
                frame[0] = 0x7F;
            }
            video.add(new TestMedia.Frame(t, key, frame));
        }
        for (long t = startMillis; t < end; t += AAC_FRAME_MILLIS) {
            byte[] frame = new byte[AAC_BYTES];
            random.nextBytes(frame);
            frame[0] = 0x21;
            audio.add(new TestMedia.Frame(t, true, frame));
        }
        return upload(videoTrack, AudioTrack.aacLc(TestMedia.SAMPLE_RATE, TestMedia.CHANNELS), video, audio, 1);
    }

    /** One H.264 access unit of a single NAL unit of {@code bytes} bytes in all, with a 4-byte length prefix. */
    static byte[] nal(Random random, int header, int bytes) {
        byte[] frame = new byte[bytes];
        random.nextBytes(frame);
        int length = bytes - Integer.BYTES;
        for (int i = 0; i < Integer.BYTES; i++) {
            frame[i] = (byte) (length >>> (Byte.SIZE * (Integer.BYTES - 1 - i)));
        }
        frame[Integer.BYTES] = (byte) header;
        return frame;
    }

    private record Block(int track, TestMedia.Frame frame) {
    }

    private static byte[] fragment(FragmentWriter writer, MkvSettings settings, long start, List<Block> blocks) {
        writer.startFragment(start, FragmentTags.NONE);
        MkvBuffer out = new MkvBuffer(settings.initialBufferBytes());
        for (Block b : blocks) {
            writer.writeFrame(out, b.track, b.frame.timecodeMillis(), b.frame.keyframe(), b.frame.data(), 0,
                    b.frame.data().length);
        }
        writer.closeFragment();
        return out.toByteArray();
    }
}
