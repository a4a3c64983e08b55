package io.storagesession.mediastore;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.mkv.EbmlWriter;
import io.storagesession.recorder.mkv.AudioTrack;
import io.storagesession.recorder.mkv.FragmentTags;
import io.storagesession.recorder.mkv.FragmentWriter;
import io.storagesession.recorder.mkv.MkvBuffer;
import io.storagesession.recorder.mkv.MkvSettings;
import io.storagesession.recorder.mkv.StreamHeader;
import io.storagesession.recorder.mkv.VideoTrack;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * MKV for the tests. Valid streams come from the recorder's own writer (StreamHeader + FragmentWriter: what the
 * project's producer really sends), with synthetic frames of random bytes; hostile streams are built element by
 * element here.
 */
public final class TestMkv {
    public static final long VIDEO_FRAME_MILLIS = 40;
    public static final long AUDIO_FRAME_MILLIS = 20;
    private static final int MIN_FRAME = 20;
    private static final int MAX_FRAME = 1500;
    private static final byte[] AVCC = {1, 0x42, (byte) 0xE0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x42,
        (byte) 0xE0, 0x1F, 1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    public record Frame(int track, long timecode, boolean keyframe, byte[] data) {
    }

    public record Fragment(long timecode, List<Frame> frames) {
    }

    /** A stream header and its fragments, each fragment's bytes separately. */
    public record Recording(byte[] header, List<byte[]> fragmentBytes, List<Fragment> fragments) {
        public byte[] all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header);
            fragmentBytes.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    private TestMkv() {
    }

    /** The avcC of the recordings' video: baseline, one SPS and one PPS (ISO/IEC 14496-15 §5.3.3.1). */
    public static byte[] avcC() {
        return AVCC.clone();
    }

    /** {@code count} fragments of {@code fragmentMillis} each from {@code startMillis}: H.264-like video and AAC. */
    public static Recording recording(long startMillis, int count, long fragmentMillis, long seed) {
        return recording(startMillis, count, fragmentMillis, seed, 640, 480);
    }

    /** As {@link #recording(long, int, long, long)} with video of the given size (a new stream header). */
    public static Recording recording(long startMillis, int count, long fragmentMillis, long seed, int width,
                                      int height) {
        return recording(startMillis, count, fragmentMillis, seed, new VideoTrack(width, height, AVCC),
                AudioTrack.aacLc(48_000, 2));
    }

    /** As {@link #recording(long, int, long, long)} under a stream header of the given tracks. */
    public static Recording recording(long startMillis, int count, long fragmentMillis, long seed,
                                      VideoTrack videoTrack, AudioTrack audioTrack) {
        Random random = new Random(seed);
        MkvSettings settings = MkvSettings.defaults();
        MkvBuffer header = new MkvBuffer(settings.initialBufferBytes());
        new StreamHeader(settings).write(header, videoTrack, audioTrack);
        FragmentWriter writer = new FragmentWriter(settings);
        List<byte[]> bytes = new ArrayList<>();
        List<Fragment> fragments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = startMillis + i * fragmentMillis;
            writer.startFragment(start, FragmentTags.builder().add("fragment-index", Integer.toString(i)).build());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Frame> frames = new ArrayList<>();
            long video = start;
            long audio = start;
            while (video < start + fragmentMillis || audio < start + fragmentMillis) {
                Frame frame;
                if (video <= audio && video < start + fragmentMillis) {
                    frame = new Frame(StreamHeader.VIDEO_TRACK_NUMBER, video, video == start, data(random));
                    video += VIDEO_FRAME_MILLIS;
                } else {
                    frame = new Frame(StreamHeader.AUDIO_TRACK_NUMBER, audio, true, data(random));
                    audio += AUDIO_FRAME_MILLIS;
                }
                MkvBuffer b = writer.writeFrame(frame.track(), frame.timecode(), frame.keyframe(), frame.data(), 0,
                        frame.data().length);
                out.write(b.array(), 0, b.length());
                frames.add(frame);
            }
            writer.closeFragment();
            bytes.add(out.toByteArray());
            fragments.add(new Fragment(start, frames));
        }
        return new Recording(header.toByteArray(), bytes, fragments);
    }

    private static byte[] data(Random random) {
        byte[] b = new byte[MIN_FRAME + random.nextInt(MAX_FRAME - MIN_FRAME)];
        random.nextBytes(b);
        return b;
    }

    // Hand-built elements, for input the recorder's writer refuses to produce.

    public static byte[] element(int id, byte[]... children) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] c : children) {
            data.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.element(out, id, data.toByteArray());
        return out.toByteArray();
    }

    public static byte[] uint(int id, long value) {
        byte[] v = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            v[i] = (byte) (value >>> (Long.SIZE - Byte.SIZE * (i + 1)));
        }
        return element(id, v);
    }

    public static byte[] string(int id, String value) {
        return element(id, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An element header with an 8-octet unknown size (RFC 8794 §6.2). */
    public static byte[] unknownSize(int id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.id(out, id);
        out.writeBytes(new byte[] {0x01, -1, -1, -1, -1, -1, -1, -1});
        return out.toByteArray();
    }

    public static byte[] ebmlHeader() {
        return element(MatroskaIds.EBML, string(MatroskaIds.DOC_TYPE, "matroska"));
    }

    public static byte[] track(int number) {
        return element(MatroskaIds.TRACK_ENTRY, uint(MatroskaIds.TRACK_NUMBER, number),
                uint(MatroskaIds.TRACK_UID, number), uint(MatroskaIds.TRACK_TYPE, 1),
                string(MatroskaIds.CODEC_ID, "V_MPEG4/ISO/AVC"));
    }

    /** EBML header, Segment of unknown size, Info (1 ms timecodes) and Tracks with tracks 1..{@code tracks}. */
    public static byte[] header(int tracks) {
        byte[][] entries = new byte[tracks][];
        for (int i = 0; i < tracks; i++) {
            entries[i] = track(i + 1);
        }
        return concat(ebmlHeader(), unknownSize(MatroskaIds.SEGMENT),
                element(MatroskaIds.INFO, uint(MatroskaIds.TIMECODE_SCALE, 1_000_000)),
                element(MatroskaIds.TRACKS, entries));
    }

    public static byte[] simpleBlock(int track, int relative, boolean keyframe, int size) {
        byte[] data = new byte[4 + size];
        data[0] = (byte) (0x80 | track);
        data[1] = (byte) (relative >> Byte.SIZE);
        data[2] = (byte) relative;
        data[3] = (byte) (keyframe ? 0x80 : 0);
        return element(MatroskaIds.SIMPLE_BLOCK, data);
    }

    /** RFC 9559 §10.2: the LACING bits of a block's flags. */
    public static final int XIPH_LACING = 0x02;
    public static final int FIXED_SIZE_LACING = 0x04;
    public static final int EBML_LACING = 0x06;

    /**
     * A SimpleBlock whose frames are laced (RFC 9559 §10.3): lace head, the sizes the lacing stores, the frames. The
     * sizes are written here, independently of the store's reader, the way the RFC's examples write them.
     */
    public static byte[] lacedSimpleBlock(int track, int relative, boolean keyframe, int lacing, byte[]... frames) {
        return element(MatroskaIds.SIMPLE_BLOCK, blockHeader(track, relative, (keyframe ? 0x80 : 0) | lacing),
                lace(lacing, frames));
    }

    /** A BlockGroup (no ReferenceBlock: a keyframe) whose Block's frames are laced. */
    public static byte[] lacedBlockGroup(int track, int relative, int lacing, byte[]... frames) {
        return element(MatroskaIds.BLOCK_GROUP, element(MatroskaIds.BLOCK, blockHeader(track, relative, lacing),
                lace(lacing, frames)));
    }

    /** A SimpleBlock with the given flags and raw data after them, for hostile lace heads. */
    public static byte[] rawSimpleBlock(int track, int flags, byte[] data) {
        return element(MatroskaIds.SIMPLE_BLOCK, blockHeader(track, 0, flags), data);
    }

    private static byte[] blockHeader(int track, int relative, int flags) {
        return new byte[] {(byte) (0x80 | track), (byte) (relative >> Byte.SIZE), (byte) relative, (byte) flags};
    }

    /** Lace head (frames minus one), the sizes of every frame but the last, the frames. */
    public static byte[] lace(int lacing, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frames.length - 1);
        long previous = 0;
        for (int i = 0; i < frames.length - 1; i++) {
            int size = frames[i].length;
            if (lacing == XIPH_LACING) {
                for (int rest = size; ; rest -= 255) {
                    out.write(Math.min(rest, 255));
                    if (rest < 255) {
                        break;
                    }
                }
            } else if (lacing == EBML_LACING) {
                if (i == 0) {
                    EbmlWriter.size(out, size);
                } else {
                    long delta = size - previous;
                    int octets = 1;
                    while (delta + ((1L << (7 * octets - 1)) - 1) >= (1L << (7 * octets)) - 1
                            || delta + ((1L << (7 * octets - 1)) - 1) < 0) {
                        octets++;
                    }
                    EbmlWriter.size(out, delta + ((1L << (7 * octets - 1)) - 1), octets);
                }
            }
            previous = size;
        }
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** An unknown-size Cluster with its Timecode and the given blocks. */
    public static byte[] cluster(long timecode, byte[]... blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(unknownSize(MatroskaIds.CLUSTER));
        out.writeBytes(uint(MatroskaIds.TIMECODE, timecode));
        for (byte[] b : blocks) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
