package io.storagesession.mediastore.images;

import io.storagesession.codecs.ExternalTool;
import io.storagesession.codecs.TestMedia;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

/**
 * Real H.264 for the GetImages tests: ffmpeg's {@code testsrc2} (moving colour bars, a clock, text: detail and motion
 * in every frame) encoded by libx264 with a fixed GOP, cut into AVCC access units ({@link TestMedia.AnnexB}), recorded
 * one GOP per fragment with the recorder's own MKV writer, as a video-only producer sends it; and ffmpeg as the judge
 * of what a frame looks like, decoding the same bitstream file.
 */
final class ImagesTestMedia {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FRAME_RATE = 25;
    static final long FRAME_MILLIS = 1000 / FRAME_RATE;
    private static final int RGB_BYTES = 3;
    private static final int BYTE_MASK = 0xFF;
    private static final double MAX_SAMPLE = 255;
    private static final double DECIBELS = 10;

    /** The encoded clip: the Annex B file ffmpeg wrote, its avcC and its frames with absolute timecodes. */
    record Clip(Path file, int width, int height, byte[] avcC, List<TestMedia.Frame> frames, int gopFrames) {
        /** The index of the first frame at or after {@code millis}. */
        int frameAtOrAfter(long millis) {
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).timecodeMillis() >= millis) {
                    return i;
                }
            }
            return -1;
        }
    }

    private ImagesTestMedia() {
    }

    /** {@code seconds} of testsrc2 at {@code width} x {@code height}, 25 fps, a keyframe every {@code gopFrames}. */
    static Clip clip(Path dir, int width, int height, int seconds, int gopFrames, long baseMillis) throws Exception {
        ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
        Path file = dir.resolve("testsrc2-" + width + "x" + height + ".h264");
        ExternalTool.Result r = ExternalTool.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + FRAME_RATE + ":duration=" + seconds,
                "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-g", String.valueOf(gopFrames),
                "-keyint_min", String.valueOf(gopFrames), "-sc_threshold", "0", "-x264-params", "slices=1",
                "-pix_fmt", "yuv420p", "-f", "h264", file.toString()));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + r.stderr());
        }
        List<List<byte[]>> units = TestMedia.AnnexB.accessUnits(Files.readAllBytes(file));
        List<TestMedia.Frame> frames = new ArrayList<>();
        byte[] sps = null;
        byte[] pps = null;
        for (int i = 0; i < units.size(); i++) {
            boolean keyframe = false;
            for (byte[] nal : units.get(i)) {
                int type = TestMedia.AnnexB.nalType(nal);
                keyframe |= type == TestMedia.AnnexB.NAL_IDR;
                if (type == TestMedia.AnnexB.NAL_SPS && sps == null) {
                    sps = nal;
                } else if (type == TestMedia.AnnexB.NAL_PPS && pps == null) {
                    pps = nal;
                }
            }
            frames.add(new TestMedia.Frame(baseMillis + i * FRAME_MILLIS, keyframe,
                    TestMedia.AnnexB.toAvcc(units.get(i))));
        }
        return new Clip(file, width, height, TestMedia.AnnexB.avcC(sps, pps), frames, gopFrames);
    }

    /** The clip as a PutMedia body: a video-only stream header, then one fragment per GOP. */
    static byte[] mkv(Clip clip) {
        return mkv(clip, index -> UnaryOperator.identity());
    }

    /** As {@link #mkv(Clip)} with each frame's bytes passed through {@code edit} (by frame index) first. */
    static byte[] mkv(Clip clip, IntFunction<UnaryOperator<byte[]>> edit) {
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, new VideoTrack(clip.width(), clip.height(), clip.avcC()), null);
        FragmentWriter writer = new FragmentWriter(settings);
        writer.declareTracks(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.array(), 0, header.length());
        for (int i = 0; i < clip.frames().size(); i++) {
            TestMedia.Frame f = clip.frames().get(i);
            if (i % clip.gopFrames() == 0) {
                writer.startFragment(f.timecodeMillis(), FragmentTags.NONE);
            }
            byte[] data = edit.apply(i).apply(f.data());
            MkvBuffer b = writer.writeFrame(StreamHeader.VIDEO_TRACK_NUMBER, f.timecodeMillis(), f.keyframe(), data, 0,
                    data.length);
            out.write(b.array(), 0, b.length());
        }
        writer.closeFragment();
        return out.toByteArray();
    }

    /** Frame {@code index} of the clip as ffmpeg decodes it, scaled to {@code width} x {@code height} (bicubic). */
    static BufferedImage reference(Clip clip, int index, int width, int height) throws Exception {
        ExternalTool.Result r = ExternalTool.run(List.of("ffmpeg", "-v", "error", "-i", clip.file().toString(),
                "-vf", "select=eq(n\\," + index + "),scale=" + width + ":" + height + ":flags=bicubic,format=rgb24",
                "-frames:v", "1", "-f", "rawvideo", "-"));
        if (r.exitCode() != 0 || r.stdout().length != width * height * RGB_BYTES) {
            throw new IllegalStateException("ffmpeg gave " + r.stdout().length + " bytes: " + r.stderr());
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        byte[] rgb = r.stdout();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * RGB_BYTES;
                image.setRGB(x, y, (rgb[p] & BYTE_MASK) << 16 | (rgb[p + 1] & BYTE_MASK) << 8 | rgb[p + 2] & BYTE_MASK);
            }
        }
        return image;
    }

    /** A JPEG or PNG file read by the JDK's own decoders (javax.imageio), independent of FFmpeg. */
    static BufferedImage read(byte[] file) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(file));
        if (image == null) {
            throw new IOException("not an image ImageIO reads");
        }
        return image;
    }

    /** PSNR in dB of the luma (ITU-R BT.601 weights) of two images of the same size. */
    static double lumaPsnr(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ");
        }
        double squares = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                double d = luma(a.getRGB(x, y)) - luma(b.getRGB(x, y));
                squares += d * d;
            }
        }
        double mse = squares / ((double) a.getWidth() * a.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : DECIBELS * Math.log10(MAX_SAMPLE * MAX_SAMPLE / mse);
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & BYTE_MASK) + 0.587 * (rgb >> 8 & BYTE_MASK) + 0.114 * (rgb & BYTE_MASK);
    }
}
