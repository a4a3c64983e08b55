package io.storagesession.bench.session.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The media every simulated participant sends, made once: the video is encoded by {@code ffmpeg -c:v libx264} from a
 * synthetic source into an Annex B file under the cache directory (reused by later runs: its name holds every
 * encoding parameter), the voice by the codecs module's Opus encoder in memory (a fraction of a second).
 *
 * <p>x264 settings: Baseline profile (what the offer's 42e01f accepts), no B-frames, a keyframe exactly every
 * {@code fps} pictures (1 s GOP, no scene-cut keyframes), parameter sets repeated before each IDR, access unit
 * delimiters (they make the access units unambiguous to {@link AnnexB}), and a 1 s VBV at the target rate, as a
 * real-time encoder would be held.
 */
public final class LoadMedia {
    private static final long FFMPEG_TIMEOUT_SECONDS = 300;

    private final VideoClip video;
    private final VoiceClip voice;

    private LoadMedia(VideoClip video, VoiceClip voice) {
        this.video = video;
        this.voice = voice;
    }

    /**
     * @param cache          where the encoded video is kept between runs
     * @param width          picture width
     * @param height         picture height
     * @param fps            pictures per second; the GOP is as many pictures
     * @param bitrate        target bits per second
     * @param seconds        length of the clip the master loops
     * @param maxRtpPayload  largest RTP payload (FU-A fragments beyond)
     */
    public static LoadMedia prepare(Path cache, int width, int height, int fps, int bitrate, int seconds,
                                    int maxRtpPayload) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        Path file = cache.resolve(String.format("testsrc2-%dx%d-%dfps-%dbps-%ds.h264", width, height, fps, bitrate,
                seconds));
        if (!Files.exists(file)) {
            encode(file, width, height, fps, bitrate, seconds);
        }
        return new LoadMedia(VideoClip.read(file, maxRtpPayload), VoiceClip.encode(seconds));
    }

    private static void encode(Path file, int width, int height, int fps, int bitrate, int seconds)
            throws IOException, InterruptedException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        List<String> command = List.of("ffmpeg", "-y", "-v", "error", "-f", "lavfi",
                "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps, "-t", Integer.toString(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "baseline",
                "-pix_fmt", "yuv420p", "-bf", "0", "-g", Integer.toString(fps), "-keyint_min", Integer.toString(fps),
                "-sc_threshold", "0", "-b:v", Integer.toString(bitrate), "-maxrate", Integer.toString(bitrate),
                "-bufsize", Integer.toString(bitrate), "-x264-params", "aud=1:repeat-headers=1",
                "-f", "h264", partial.toString());
        Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        if (!ffmpeg.waitFor(FFMPEG_TIMEOUT_SECONDS, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
            throw new IOException("ffmpeg failed (" + String.join(" ", command) + "): " + output);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public VideoClip video() {
        return video;
    }

    public VoiceClip voice() {
        return voice;
    }
}
