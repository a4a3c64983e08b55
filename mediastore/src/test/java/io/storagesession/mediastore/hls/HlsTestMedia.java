package io.storagesession.mediastore.hls;

import io.storagesession.codecs.Opus;
import io.storagesession.codecs.OpusEncoder;
import io.storagesession.codecs.Tone;
import io.storagesession.mediastore.ExternalTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Real media for the HLS tests: H.264 made by ffmpeg (libx264 baseline, no B-frames, a keyframe every second) cut
 * into AVCC access units with the avcC built from its SPS/PPS, Opus packets from the project's own
 * {@link OpusEncoder} (a 440 Hz tone, 20 ms frames, mono), and AAC LC frames made by ffmpeg (ADTS stripped), then
 * grouped into KVS-like fragments that each start on a keyframe.
 */
final class HlsTestMedia {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FRAME_RATE = 25;
    static final int GOP_FRAMES = 25;
    static final int SAMPLE_RATE = 48_000;
    static final int AAC_CHANNELS = 2;
    static final int AAC_FRAME_SAMPLES = 1024;
    static final int TONE_HZ = 440;
    static final int TONE_AMPLITUDE = 8000;
    private static final int MILLIS = 1000;
    private static final int NAL_IDR = 5;
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;

    record Video(byte[] avcC, List<HlsFrame> frames) {
    }

    private HlsTestMedia() {
    }

    static Path ffmpeg() {
        return ExternalTool.require("ffmpeg", "apt-get install ffmpeg");
    }

    /** {@code seconds} of H.264 starting at absolute time {@code baseMillis}. */
    static Video h264(Path dir, int seconds, long baseMillis) throws IOException, InterruptedException {
        Path file = dir.resolve("video.h264");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FRAME_RATE + ":duration=" + seconds,
                "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-g", String.valueOf(GOP_FRAMES),
                "-keyint_min", String.valueOf(GOP_FRAMES), "-sc_threshold", "0", "-x264-params", "slices=1",
                "-pix_fmt", "yuv420p", "-f", "h264", file.toString());
        byte[] stream = Files.readAllBytes(file);
        List<List<byte[]>> units = accessUnits(nals(stream));
        byte[] sps = null;
        byte[] pps = null;
        List<HlsFrame> frames = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            boolean key = false;
            for (byte[] nal : units.get(i)) {
                int type = nal[0] & 0x1F;
                key |= type == NAL_IDR;
                if (type == NAL_SPS && sps == null) {
                    sps = nal;
                } else if (type == NAL_PPS && pps == null) {
                    pps = nal;
                }
            }
            frames.add(new HlsFrame(1, baseMillis + (long) i * MILLIS / FRAME_RATE, key, avcc(units.get(i))));
        }
        return new Video(avcC(sps, pps), frames);
    }

    /** {@code seconds} of Opus from the project's encoder: 20 ms mono packets of a tone. */
    static List<HlsFrame> opus(int trackNumber, int seconds, long baseMillis) {
        List<HlsFrame> frames = new ArrayList<>();
        short[] pcm = new short[Opus.FRAME_SAMPLES];
        byte[] out = new byte[Opus.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = new OpusEncoder(new OpusEncoder.Settings(32_000, 5, false, 0, "audio"))) {
            int count = seconds * MILLIS / Opus.FRAME_MILLIS;
            for (int i = 0; i < count; i++) {
                Tone.fill(pcm, TONE_HZ, TONE_AMPLITUDE, (long) i * Opus.FRAME_SAMPLES);
                int n = encoder.encode(pcm, out, 0);
                if (n < 0) {
                    throw new IllegalStateException("Opus encoder failed: " + n);
                }
                frames.add(new HlsFrame(trackNumber, baseMillis + (long) i * Opus.FRAME_MILLIS, true,
                        Arrays.copyOf(out, n)));
            }
        }
        return frames;
    }

    /** RFC 7845 §5.1 OpusHead for a mono stream with libopus' 312-sample pre-skip. */
    static byte[] opusHead(int channels) {
        return ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN)
                .put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) channels)
                .putShort((short) 312).putInt(SAMPLE_RATE).putShort((short) 0).put((byte) 0).array();
    }

    /** {@code seconds} of AAC LC stereo at 48 kHz, made by ffmpeg's native encoder. */
    static List<HlsFrame> aac(Path dir, int trackNumber, int seconds, long baseMillis)
            throws IOException, InterruptedException {
        Path file = dir.resolve("audio.aac");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=" + TONE_HZ + ":sample_rate=" + SAMPLE_RATE + ":duration=" + seconds,
                "-ac", String.valueOf(AAC_CHANNELS), "-c:a", "aac", "-b:a", "96k", "-f", "adts", file.toString());
        byte[] adts = Files.readAllBytes(file);
        List<HlsFrame> frames = new ArrayList<>();
        int at = 0;
        int i = 0;
        while (at + 7 <= adts.length) {
            boolean protectionAbsent = (adts[at + 1] & 1) == 1;
            int header = protectionAbsent ? 7 : 9;
            int length = ((adts[at + 3] & 0x03) << 11) | ((adts[at + 4] & 0xFF) << 3) | ((adts[at + 5] & 0xFF) >>> 5);
            frames.add(new HlsFrame(trackNumber, baseMillis + (long) i * AAC_FRAME_SAMPLES * MILLIS / SAMPLE_RATE,
                    true, Arrays.copyOfRange(adts, at + header, at + length)));
            at += length;
            i++;
        }
        return frames;
    }

    /** AudioSpecificConfig for AAC LC (object type 2), 48 kHz (index 3), stereo: 00010 0011 0010 000. */
    static byte[] aacLcStereo48k() {
        return new byte[] {0x11, (byte) 0x90};
    }

    /**
     * Cuts the frames into fragments of {@code keyframesPerFragment} GOPs, each starting at a video keyframe, with
     * the audio frames that fall into it; fragment numbers and sequences count from {@code firstSequence}.
     */
    static List<HlsFragment> fragments(List<HlsFrame> video, List<HlsFrame> audio, int keyframesPerFragment,
                                       long firstSequence, long tracksSequence, long serverSkewMillis) {
        List<Long> starts = new ArrayList<>();
        int keys = 0;
        for (HlsFrame f : video) {
            if (f.keyframe() && keys++ % keyframesPerFragment == 0) {
                starts.add(f.timecodeMillis());
            }
        }
        long end = video.get(video.size() - 1).timecodeMillis() + MILLIS / FRAME_RATE;
        starts.add(end);
        List<HlsFragment> out = new ArrayList<>();
        for (int s = 0; s + 1 < starts.size(); s++) {
            long from = starts.get(s);
            long to = starts.get(s + 1);
            List<HlsFrame> frames = new ArrayList<>();
            long size = 0;
            // video first then audio, ordered by timecode as a cluster interleaves them
            for (HlsFrame f : video) {
                if (f.timecodeMillis() >= from && f.timecodeMillis() < to) {
                    frames.add(f);
                    size += f.data().length;
                }
            }
            for (HlsFrame f : audio) {
                if (f.timecodeMillis() >= from && f.timecodeMillis() < to) {
                    frames.add(f);
                    size += f.data().length;
                }
            }
            frames.sort((a, b) -> Long.compare(a.timecodeMillis(), b.timecodeMillis()));
            long sequence = firstSequence + s;
            HlsFragmentInfo info = new HlsFragmentInfo(String.valueOf(91_343_852_333_181_432L + sequence), from,
                    from + serverSkewMillis, to - from, size, sequence, tracksSequence);
            out.add(new HlsFragment(info, frames));
        }
        return out;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    private static List<byte[]> nals(byte[] s) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < s.length) {
            if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
                if (start >= 0) {
                    nals.add(trim(s, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            nals.add(trim(s, start, s.length));
        }
        return nals;
    }

    /** One picture per access unit (one slice per picture); SPS/PPS/SEI go with the next picture. */
    private static List<List<byte[]>> accessUnits(List<byte[]> nals) {
        List<List<byte[]>> units = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean hasSlice = false;
        for (byte[] nal : nals) {
            int type = nal[0] & 0x1F;
            boolean slice = type == 1 || type == NAL_IDR;
            if (hasSlice && (!slice || (nal[1] & 0x80) != 0)) {
                units.add(current);
                current = new ArrayList<>();
                hasSlice = false;
            }
            current.add(nal);
            hasSlice |= slice;
        }
        if (!current.isEmpty()) {
            units.add(current);
        }
        return units;
    }

    private static byte[] avcc(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(nal.length).array());
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private static byte[] avcC(byte[] sps, byte[] pps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(sps[1]);
        out.write(sps[2]);
        out.write(sps[3]);
        out.write(0xFF);
        out.write(0xE1);
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) sps.length).array());
        out.writeBytes(sps);
        out.write(1);
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) pps.length).array());
        out.writeBytes(pps);
        return out.toByteArray();
    }

    private static byte[] trim(byte[] s, int from, int to) {
        int end = to;
        while (end > from && s[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOfRange(s, from, end);
    }
}
