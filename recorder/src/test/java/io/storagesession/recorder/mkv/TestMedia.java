package io.storagesession.recorder.mkv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real media for the writer's tests, made by ffmpeg and cut into frames here: H.264 (libx264 baseline, no B-frames,
 * fixed GOP) as Annex B turned into AVCC, Opus (20 ms frames) out of Ogg, AAC LC out of ADTS. Test-only helpers: the
 * production H.264 code lives in {@code codecs}.
 */
final class TestMedia {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FRAME_RATE = 25;
    static final int GOP_FRAMES = 25;
    static final int SECONDS = 6;
    static final int SAMPLE_RATE = 48_000;
    static final int CHANNELS = 2;
    static final int OPUS_FRAME_MILLIS = 20;
    static final int AAC_FRAME_SAMPLES = 1024;
    private static final int MILLIS_PER_SECOND = 1000;

    /** H.264 frames in AVCC form (4-byte lengths) with the avcC record built from the stream's SPS and PPS. */
    record Video(byte[] avcC, List<MediaFrame> frames) {
    }

    private TestMedia() {
    }

    static Video h264(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("video.h264");
        Ffmpeg.runQuietly("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                "testsrc=size=" + WIDTH + "x" + HEIGHT + ":rate=" + FRAME_RATE + ":duration=" + SECONDS,
                "-c:v", "libx264", "-profile:v", "baseline", "-bf", "0", "-g", String.valueOf(GOP_FRAMES),
                "-keyint_min", String.valueOf(GOP_FRAMES), "-sc_threshold", "0", "-x264-params", "slices=1",
                "-pix_fmt", "yuv420p", "-f", "h264", file.toString());
        List<List<byte[]>> accessUnits = AnnexB.accessUnits(Files.readAllBytes(file));
        List<MediaFrame> frames = new ArrayList<>();
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
            frames.add(new MediaFrame(StreamHeader.VIDEO_TRACK_NUMBER, (long) i * MILLIS_PER_SECOND / FRAME_RATE,
                    keyframe, AnnexB.toAvcc(nals)));
        }
        return new Video(AnnexB.avcC(sps, pps), frames);
    }

    static List<MediaFrame> opus(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("audio.ogg");
        Ffmpeg.runQuietly("ffmpeg", "-v", "error", "-f", "lavfi", "-i", sine(), "-ac", String.valueOf(CHANNELS),
                "-c:a", "libopus", "-frame_duration", String.valueOf(OPUS_FRAME_MILLIS), "-b:a", "64k",
                "-f", "ogg", file.toString());
        List<byte[]> packets = OggPackets.read(Files.readAllBytes(file));
        List<MediaFrame> frames = new ArrayList<>();
        // the first two packets are OpusHead and OpusTags (RFC 7845 §3), the rest one Opus frame each
        for (int i = 2; i < packets.size(); i++) {
            frames.add(new MediaFrame(StreamHeader.AUDIO_TRACK_NUMBER, (long) (i - 2) * OPUS_FRAME_MILLIS, true,
                    packets.get(i)));
        }
        return frames;
    }

    static List<MediaFrame> aac(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("audio.aac");
        Ffmpeg.runQuietly("ffmpeg", "-v", "error", "-f", "lavfi", "-i", sine(), "-ac", String.valueOf(CHANNELS),
                "-c:a", "aac", "-b:a", "96k", "-f", "adts", file.toString());
        List<byte[]> raw = Adts.rawFrames(Files.readAllBytes(file));
        List<MediaFrame> frames = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            long millis = (long) i * AAC_FRAME_SAMPLES * MILLIS_PER_SECOND / SAMPLE_RATE;
            frames.add(new MediaFrame(StreamHeader.AUDIO_TRACK_NUMBER, millis, true, raw.get(i)));
        }
        return frames;
    }

    private static String sine() {
        return "sine=frequency=440:sample_rate=" + SAMPLE_RATE + ":duration=" + SECONDS;
    }

    /** Annex B byte stream (H.264 Annex B) to access units, AVCC frames and the avcC record (ISO/IEC 14496-15). */
    static final class AnnexB {
        static final int NAL_SLICE = 1;
        static final int NAL_IDR = 5;
        static final int NAL_SPS = 7;
        static final int NAL_PPS = 8;
        private static final int NAL_TYPE_MASK = 0x1F;
        private static final int FIRST_MB_ZERO_BIT = 0x80;

        static int nalType(byte[] nal) {
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
        static List<List<byte[]>> accessUnits(byte[] stream) {
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

        static byte[] toAvcc(List<byte[]> nals) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] nal : nals) {
                writeInt(out, nal.length, Integer.BYTES);
                out.writeBytes(nal);
            }
            return out.toByteArray();
        }

        /** AVCDecoderConfigurationRecord: version 1, profile/compat/level from the SPS, 4-byte lengths, 1 SPS, 1 PPS. */
        static byte[] avcC(byte[] sps, byte[] pps) {
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
            byte[] nal = new byte[end - from];
            System.arraycopy(stream, from, nal, 0, nal.length);
            return nal;
        }

        private static void writeInt(ByteArrayOutputStream out, int value, int bytes) {
            for (int shift = (bytes - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
                out.write(value >>> shift);
            }
        }
    }

    /** Ogg pages (RFC 3533 §6) to packets: lacing values of 255 continue a packet, smaller ones end it. */
    static final class OggPackets {
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
    static final class Adts {
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
                byte[] frame = new byte[frameLength - header];
                System.arraycopy(adts, at + header, frame, 0, frame.length);
                frames.add(frame);
                at += frameLength;
            }
            return frames;
        }
    }
}
