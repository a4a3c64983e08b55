package io.storagesession.codecs;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real media for the tests of everything that writes or plays MKV (the recorder's writer, the store's HLS packager):
 * H.264 made by ffmpeg (libx264 baseline, no B-frames, a keyframe every second, one slice per picture) as Annex B
 * cut into AVCC access units with the avcC built from its SPS and PPS; Opus either from ffmpeg's libopus (stereo, out
 * of Ogg) or from the project's own {@link OpusEncoder} (a mono tone); AAC LC stereo from ffmpeg's native encoder
 * (ADTS stripped). Frames carry their timecode, keyframe flag and bytes; each caller wraps them in its own frame type.
 *
 * <p>The container parsing here (Annex B, Ogg, ADTS) is test-only and deliberately independent of the production
 * code it judges. Callers check that ffmpeg is installed (and skip without it) before asking for its media.
 */
public final class TestMedia {
    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    public static final int FRAME_RATE = 25;
    public static final int GOP_FRAMES = 25;
    public static final int SAMPLE_RATE = 48_000;
    /** ffmpeg's Opus and AAC are stereo. */
    public static final int CHANNELS = 2;
    public static final int OPUS_FRAME_MILLIS = 20;
    public static final int AAC_FRAME_SAMPLES = 1024;
    public static final int TONE_HZ = 440;
    public static final int TONE_AMPLITUDE = 8000;
    private static final int MILLIS_PER_SECOND = 1000;
    private static final long TIMEOUT_SECONDS = 120;
    /** RFC 7845 §5.1: OpusHead is 19 bytes for mapping family 0; libopus' pre-skip is 312 samples. */
    private static final int OPUS_HEAD_BYTES = 19;
    private static final short OPUS_PRE_SKIP = 312;
    private static final int OPUS_BITRATE = 32_000;
    private static final int OPUS_COMPLEXITY = 5;

    /** One frame: absolute timecode (ms), keyframe flag (every audio frame is one) and bytes. */
    public record Frame(long timecodeMillis, boolean keyframe, byte[] data) {
    }

    /** H.264 frames in AVCC form (4-byte lengths) with the avcC record built from the stream's SPS and PPS. */
    public record Video(byte[] avcC, List<Frame> frames) {
    }

    private TestMedia() {
    }

    /** {@code seconds} of H.264 starting at absolute time {@code baseMillis}. */
    public static Video h264(Path dir, int seconds, long baseMillis) throws IOException, InterruptedException {
        return h264(dir, seconds, baseMillis, WIDTH, HEIGHT);
    }

    /** As {@link #h264(Path, int, long)} with pictures of {@code width} x {@code height}. */
    public static Video h264(Path dir, int seconds, long baseMillis, int width, int height)
            throws IOException, InterruptedException {
        Path file = dir.resolve("video.h264");
        ffmpeg("-f", "lavfi", "-i",
                "testsrc=size=" + width + "x" + height + ":rate=" + FRAME_RATE + ":duration=" + seconds,
                "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-g", String.valueOf(GOP_FRAMES),
                "-keyint_min", String.valueOf(GOP_FRAMES), "-sc_threshold", "0", "-x264-params", "slices=1",
                "-pix_fmt", "yuv420p", "-f", "h264", file.toString());
        List<List<byte[]>> accessUnits = AnnexB.accessUnits(Files.readAllBytes(file));
        List<Frame> frames = new ArrayList<>();
        byte[] sps = null;
        byte[] pps = null;
        for (int i = 0; i < accessUnits.size(); i++) {
            List<byte[]> nals = accessUnits.get(i);
            boolean keyframe = false;
            for (byte[] nal : nals) {
                int type = AnnexB.nalType(nal);
                keyframe |= type == AnnexB.NAL_IDR;
                if (type == AnnexB.NAL_SPS && sps == null) {
                    sps = nal;
                } else if (type == AnnexB.NAL_PPS && pps == null) {
                    pps = nal;
                }
            }
            frames.add(new Frame(baseMillis + (long) i * MILLIS_PER_SECOND / FRAME_RATE, keyframe,
                    AnnexB.toAvcc(nals)));
        }
        return new Video(AnnexB.avcC(sps, pps), frames);
    }

    /** {@code seconds} of stereo Opus from ffmpeg's libopus (20 ms frames, 64 kbit/s), from time 0. */
    public static List<Frame> libopus(Path dir, int seconds) throws IOException, InterruptedException {
        Path file = dir.resolve("audio.ogg");
        ffmpeg("-f", "lavfi", "-i", sine(seconds), "-ac", String.valueOf(CHANNELS),
                "-c:a", "libopus", "-frame_duration", String.valueOf(OPUS_FRAME_MILLIS), "-b:a", "64k",
                "-f", "ogg", file.toString());
        List<byte[]> packets = OggPackets.read(Files.readAllBytes(file));
        List<Frame> frames = new ArrayList<>();
        // the first two packets are OpusHead and OpusTags (RFC 7845 §3), the rest one Opus frame each
        for (int i = 2; i < packets.size(); i++) {
            frames.add(new Frame((long) (i - 2) * OPUS_FRAME_MILLIS, true, packets.get(i)));
        }
        return frames;
    }

    /** {@code seconds} of Opus from the project's encoder: 20 ms mono packets of a tone. */
    public static List<Frame> opus(int seconds, long baseMillis) {
        List<Frame> frames = new ArrayList<>();
        short[] pcm = new short[Opus.FRAME_SAMPLES];
        byte[] out = new byte[Opus.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = new OpusEncoder(new OpusEncoder.Settings(OPUS_BITRATE, OPUS_COMPLEXITY, false, 0,
                "audio"))) {
            int count = seconds * MILLIS_PER_SECOND / Opus.FRAME_MILLIS;
            for (int i = 0; i < count; i++) {
                Tone.fill(pcm, TONE_HZ, TONE_AMPLITUDE, (long) i * Opus.FRAME_SAMPLES);
                int n = encoder.encode(pcm, out, 0);
                if (n < 0) {
                    throw new IllegalStateException("Opus encoder failed: " + n);
                }
                frames.add(new Frame(baseMillis + (long) i * Opus.FRAME_MILLIS, true, Arrays.copyOf(out, n)));
            }
        }
        return frames;
    }

    /** RFC 7845 §5.1 OpusHead (mapping family 0) with libopus' 312-sample pre-skip. */
    public static byte[] opusHead(int channels) {
        return ByteBuffer.allocate(OPUS_HEAD_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) channels)
                .putShort(OPUS_PRE_SKIP).putInt(SAMPLE_RATE).putShort((short) 0).put((byte) 0).array();
    }

    /** {@code seconds} of AAC LC stereo at 48 kHz (96 kbit/s), made by ffmpeg's native encoder. */
    public static List<Frame> aac(Path dir, int seconds, long baseMillis) throws IOException, InterruptedException {
        Path file = dir.resolve("audio.aac");
        ffmpeg("-f", "lavfi", "-i", sine(seconds), "-ac", String.valueOf(CHANNELS),
                "-c:a", "aac", "-b:a", "96k", "-f", "adts", file.toString());
        List<byte[]> raw = Adts.rawFrames(Files.readAllBytes(file));
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            long millis = baseMillis + (long) i * AAC_FRAME_SAMPLES * MILLIS_PER_SECOND / SAMPLE_RATE;
            frames.add(new Frame(millis, true, raw.get(i)));
        }
        return frames;
    }

    /** AudioSpecificConfig for AAC LC (object type 2), 48 kHz (index 3), stereo: 00010 0011 0010 000. */
    public static byte[] aacLcStereo48k() {
        return new byte[] {0x11, (byte) 0x90};
    }

    private static String sine(int seconds) {
        return "sine=frequency=" + TONE_HZ + ":sample_rate=" + SAMPLE_RATE + ":duration=" + seconds;
    }

    /** Runs ffmpeg quietly, overwriting its output; fails with its stderr unless it succeeds in time. */
    private static void ffmpeg(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(arguments));
        Path stderr = Files.createTempFile("ffmpeg", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Annex B byte stream (H.264 Annex B) to access units, AVCC frames and the avcC record (ISO/IEC 14496-15). */
    public static final class AnnexB {
        static final int NAL_SLICE = 1;
        public static final int NAL_IDR = 5;
        public static final int NAL_SPS = 7;
        public static final int NAL_PPS = 8;
        private static final int NAL_TYPE_MASK = 0x1F;
        private static final int FIRST_MB_ZERO_BIT = 0x80;

        public static int nalType(byte[] nal) {
            return nal[0] & NAL_TYPE_MASK;
        }

        static List<byte[]> nals(byte[] stream) {
            List<byte[]> nals = new ArrayList<>();
            int start = -1;
            int i = 0;
            while (i + 2 < stream.length) {
                if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                    if (start >= 0) {
                        nals.add(trimTrailingZeros(stream, start, i));
                    }
                    i += 3;
                    start = i;
                } else {
                    i++;
                }
            }
            if (start >= 0) {
                nals.add(trimTrailingZeros(stream, start, stream.length));
            }
            return nals;
        }

        /** One picture per access unit (the stream has one slice per picture); SPS/PPS/SEI go with the next one. */
        public static List<List<byte[]>> accessUnits(byte[] stream) {
            List<List<byte[]>> units = new ArrayList<>();
            List<byte[]> current = new ArrayList<>();
            boolean hasSlice = false;
            for (byte[] nal : nals(stream)) {
                int type = nalType(nal);
                boolean slice = type == NAL_SLICE || type == NAL_IDR;
                boolean startsPicture = slice && (nal[1] & FIRST_MB_ZERO_BIT) != 0;
                if (hasSlice && (!slice || startsPicture)) {
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

        public static byte[] toAvcc(List<byte[]> nals) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] nal : nals) {
                writeInt(out, nal.length, Integer.BYTES);
                out.writeBytes(nal);
            }
            return out.toByteArray();
        }

        /** AVCDecoderConfigurationRecord: version 1, profile/compat/level from the SPS, 4-byte lengths, 1 SPS, 1 PPS. */
        public static byte[] avcC(byte[] sps, byte[] pps) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(1);
            out.write(sps[1]);
            out.write(sps[2]);
            out.write(sps[3]);
            out.write(0xFC | (Integer.BYTES - 1));
            out.write(0xE0 | 1);
            writeInt(out, sps.length, Short.BYTES);
            out.writeBytes(sps);
            out.write(1);
            writeInt(out, pps.length, Short.BYTES);
            out.writeBytes(pps);
            return out.toByteArray();
        }

        private static byte[] trimTrailingZeros(byte[] stream, int from, int to) {
            int end = to;
            while (end > from && stream[end - 1] == 0) {
                end--;
            }
            return Arrays.copyOfRange(stream, from, end);
        }

        private static void writeInt(ByteArrayOutputStream out, int value, int bytes) {
            for (int shift = (bytes - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
                out.write(value >>> shift);
            }
        }
    }

    /** Ogg pages (RFC 3533 §6) to packets: lacing values of 255 continue a packet, smaller ones end it. */
    private static final class OggPackets {
        private static final int PAGE_HEADER_BYTES = 27;
        private static final int SEGMENT_COUNT_OFFSET = 26;
        private static final int LACING_CONTINUES = 255;

        static List<byte[]> read(byte[] ogg) {
            List<byte[]> packets = new ArrayList<>();
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            int page = 0;
            while (page + PAGE_HEADER_BYTES <= ogg.length) {
                if (ogg[page] != 'O' || ogg[page + 1] != 'g' || ogg[page + 2] != 'g' || ogg[page + 3] != 'S') {
                    throw new IllegalStateException("no Ogg page at " + page);
                }
                int segments = ogg[page + SEGMENT_COUNT_OFFSET] & 0xFF;
                int data = page + PAGE_HEADER_BYTES + segments;
                for (int s = 0; s < segments; s++) {
                    int lacing = ogg[page + PAGE_HEADER_BYTES + s] & 0xFF;
                    packet.write(ogg, data, lacing);
                    data += lacing;
                    if (lacing < LACING_CONTINUES) {
                        packets.add(packet.toByteArray());
                        packet.reset();
                    }
                }
                page = data;
            }
            return packets;
        }
    }

    /** ADTS (ISO/IEC 14496-3 §1.A.2) to raw AAC frames: 7-byte headers, 9 with CRC, 13-bit frame length. */
    private static final class Adts {
        private static final int HEADER_BYTES = 7;
        private static final int CRC_BYTES = 2;

        static List<byte[]> rawFrames(byte[] adts) {
            List<byte[]> frames = new ArrayList<>();
            int at = 0;
            while (at + HEADER_BYTES <= adts.length) {
                if ((adts[at] & 0xFF) != 0xFF || (adts[at + 1] & 0xF0) != 0xF0) {
                    throw new IllegalStateException("no ADTS sync word at " + at);
                }
                boolean protectionAbsent = (adts[at + 1] & 1) == 1;
                int header = HEADER_BYTES + (protectionAbsent ? 0 : CRC_BYTES);
                int frameLength = ((adts[at + 3] & 0x03) << 11) | ((adts[at + 4] & 0xFF) << 3)
                        | ((adts[at + 5] & 0xFF) >>> 5);
                frames.add(Arrays.copyOfRange(adts, at + header, at + frameLength));
                at += frameLength;
            }
            return frames;
        }
    }
}
