package io.storagesession.mediastore.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.AudioSpecificConfig;
import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.archive.ArchivedFragment;
import io.storagesession.mediastore.archive.ArchivedFragmentInfo;
import io.storagesession.mediastore.archive.ArchivedFrame;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaSegmentWriterTest {
    private static final long T0 = 1_763_800_000_000L;
    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, new byte[] {1, 0x42, (byte) 0xC0, 0x1F}, 320, 240);
    private static final ArchivedTrack OPUS = ArchivedTrack.opus(2, TestMedia.opusHead(1));
    private static final ArchivedTrack AAC = ArchivedTrack.aac(2, new byte[] {0x11, (byte) 0x90}, 48_000, 2);
    /** Opus TOC 0xF8: config 31 (CELT FB 20 ms), mono, one frame (RFC 6716 §3.1). */
    private static final byte OPUS_20MS_TOC = (byte) 0xF8;

    private final MediaSegmentWriter writer = new MediaSegmentWriter(33);

    /** 5 video frames at 40 ms, keyframe first, and 10 Opus frames of 20 ms, interleaved as in a cluster. */
    private static ArchivedFragment fragment(long producerMillis, long serverMillis, long durationMillis) {
        List<ArchivedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0) {
                frames.add(new ArchivedFrame(1, producerMillis + i * 20L, i == 0, bytes(100 + i, i)));
            }
            byte[] opus = bytes(30 + i, 0x40 + i);
            opus[0] = OPUS_20MS_TOC;
            frames.add(new ArchivedFrame(2, producerMillis + i * 20L, true, opus));
        }
        return new ArchivedFragment(new ArchivedFragmentInfo("12345", producerMillis, serverMillis, durationMillis, 0,
                7, 0),
                frames);
    }

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private byte[] write(List<ArchivedTrack> tracks, ArchivedFragment fragment, long shift, long sequence) {
        Mp4Buffer out = new Mp4Buffer(8);
        writer.write(out, tracks, fragment, shift, sequence);
        return out.toByteArray();
    }

    @Test
    void moofAndMdatChainAndCarryTheSequenceNumber() {
        byte[] seg = write(List.of(VIDEO, OPUS), fragment(T0, T0, 200), 0, 8);
        Boxes.Box root = Boxes.root(seg);
        assertThat(root.children()).extracting(Boxes.Box::type).containsExactly("moof", "mdat");
        Boxes.Box moof = root.child("moof");
        assertThat(moof.children()).extracting(Boxes.Box::type).containsExactly("mfhd", "traf", "traf");
        assertThat(Boxes.u32(seg, moof.child("mfhd").payload() + 4)).isEqualTo(8);
        assertThat(root.child("mdat").end()).isEqualTo(seg.length);
        for (Boxes.Box traf : moof.all("traf")) {
            assertThat(traf.children()).extracting(Boxes.Box::type).containsExactly("tfhd", "tfdt", "trun");
            assertThat(Boxes.u32(seg, traf.child("tfhd").payload()) & 0xFFFFFF).as("default-base-is-moof")
                    .isEqualTo(0x020000);
        }
    }

    @Test
    void tfdtIsTheAbsoluteDecodeTimeInEachTracksTimescale() {
        byte[] seg = write(List.of(VIDEO, OPUS), fragment(T0, T0 + 250, 200), 0, 1);
        List<Boxes.Box> trafs = Boxes.root(seg).child("moof").all("traf");
        Boxes.Box videoTfdt = trafs.get(0).child("tfdt");
        assertThat(Boxes.u8(seg, videoTfdt.payload())).as("version 1: 64-bit times").isEqualTo(1);
        assertThat(Boxes.u64(seg, videoTfdt.payload() + 4)).isEqualTo(T0 * 90);
        assertThat(Boxes.u64(seg, trafs.get(1).child("tfdt").payload() + 4)).isEqualTo(T0 * 48);

        byte[] shifted = write(List.of(VIDEO, OPUS), fragment(T0, T0 + 250, 200), 250, 1);
        List<Boxes.Box> s = Boxes.root(shifted).child("moof").all("traf");
        assertThat(Boxes.u64(shifted, s.get(0).child("tfdt").payload() + 4)).as("server timeline")
                .isEqualTo((T0 + 250) * 90);
    }

    @Test
    void trunListsEverySampleWithDurationSizeFlagsAndADataOffsetIntoMdat() {
        ArchivedFragment fragment = fragment(T0, T0, 200);
        byte[] seg = write(List.of(VIDEO, OPUS), fragment, 0, 1);
        Boxes.Box moof = Boxes.root(seg).child("moof");
        List<Boxes.Box> trafs = moof.all("traf");

        Boxes.Box videoTrun = trafs.get(0).child("trun");
        int p = videoTrun.payload();
        assertThat(Boxes.u32(seg, p) & 0xFFFFFF).isEqualTo(0x000701);
        assertThat(Boxes.u32(seg, p + 4)).as("sample_count").isEqualTo(5);
        long dataOffset = Boxes.u32(seg, p + 8);
        List<ArchivedFrame> video = fragment.frames().stream().filter(f -> f.trackNumber() == 1).toList();
        long at = moof.start() + dataOffset;
        for (int i = 0; i < 5; i++) {
            int e = p + 12 + i * 12;
            long duration = Boxes.u32(seg, e);
            long size = Boxes.u32(seg, e + 4);
            long flags = Boxes.u32(seg, e + 8);
            assertThat(duration).as("40 ms at 90 kHz; the last one runs to the fragment's end").isEqualTo(3600);
            assertThat(size).isEqualTo(video.get(i).data().length);
            assertThat(flags).isEqualTo(i == 0 ? MediaSegmentWriter.SYNC_SAMPLE_FLAGS
                    : MediaSegmentWriter.NON_SYNC_SAMPLE_FLAGS);
            assertThat(Arrays.copyOfRange(seg, (int) at, (int) (at + size))).isEqualTo(video.get(i).data());
            at += size;
        }

        Boxes.Box audioTrun = trafs.get(1).child("trun");
        int q = audioTrun.payload();
        assertThat(Boxes.u32(seg, q + 4)).isEqualTo(10);
        long audioAt = moof.start() + Boxes.u32(seg, q + 8);
        assertThat(audioAt).as("audio follows the video in mdat").isEqualTo(at);
        List<ArchivedFrame> audio = fragment.frames().stream().filter(f -> f.trackNumber() == 2).toList();
        for (int i = 0; i < 10; i++) {
            int e = q + 12 + i * 12;
            assertThat(Boxes.u32(seg, e)).as("20 ms Opus frames at 48 kHz").isEqualTo(960);
            assertThat(Boxes.u32(seg, e + 4)).isEqualTo(audio.get(i).data().length);
            assertThat(Boxes.u32(seg, e + 8)).isEqualTo(MediaSegmentWriter.SYNC_SAMPLE_FLAGS);
            assertThat(Arrays.copyOfRange(seg, (int) audioAt, (int) audioAt + audio.get(i).data().length))
                    .isEqualTo(audio.get(i).data());
            audioAt += audio.get(i).data().length;
        }
        assertThat(audioAt).isEqualTo(seg.length);
    }

    @Test
    void oneTrackSegmentsHoldOnlyThatTracksSamples() {
        ArchivedFragment fragment = fragment(T0, T0, 200);
        byte[] seg = write(List.of(OPUS), fragment, 0, 1);
        Boxes.Box root = Boxes.root(seg);
        assertThat(root.child("moof").all("traf")).hasSize(1);
        assertThat(Boxes.u32(seg, root.child("moof").child("traf").child("tfhd").payload() + 4)).isEqualTo(2);
        int audioBytes = fragment.frames().stream().filter(f -> f.trackNumber() == 2).mapToInt(f -> f.data().length)
                .sum();
        assertThat(root.child("mdat").size()).isEqualTo(8 + audioBytes);
    }

    @Test
    void lastVideoFrameFallsBackToThePreviousDurationWhenTheFragmentEndsWithIt() {
        byte[] seg = write(List.of(VIDEO), fragment(T0, T0, 160), 0, 1);
        int p = Boxes.root(seg).child("moof").child("traf").child("trun").payload();
        assertThat(Boxes.u32(seg, p + 12 + 4 * 12)).isEqualTo(3600);
    }

    @Test
    void aacFramesLast1024SamplesDespiteMillisecondTimecodesAndGapsAreKept() {
        List<ArchivedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(new ArchivedFrame(2, T0 + i * 1024L * 1000 / 48_000, true, bytes(10, i)));
        }
        frames.add(new ArchivedFrame(2, T0 + 500, true, bytes(10, 9)));
        ArchivedFragment f = new ArchivedFragment(new ArchivedFragmentInfo("1", T0, T0, 600, 0, 0, 0), frames);
        byte[] seg = write(List.of(AAC), f, 0, 1);
        int p = Boxes.root(seg).child("moof").child("traf").child("trun").payload();
        assertThat(Boxes.u32(seg, p + 12)).isEqualTo(1024);
        assertThat(Boxes.u32(seg, p + 12 + 12)).isEqualTo(1024);
        assertThat(Boxes.u32(seg, p + 12 + 24)).isEqualTo(1024);
        assertThat(Boxes.u32(seg, p + 12 + 36)).as("a gap from 64 ms to 500 ms stays a gap").isEqualTo(436 * 48);
        assertThat(Boxes.u32(seg, p + 12 + 48)).as("the last frame: the codec's 1024").isEqualTo(1024);
    }

    @Test
    void opusPacketDurationsComeFromTheTocByte() {
        assertThat(AudioFrameDurations.opusPacketSamples(new byte[] {(byte) 0xF8})).isEqualTo(960);
        assertThat(AudioFrameDurations.opusPacketSamples(new byte[] {(byte) 0x08})).as("SILK NB 20 ms").isEqualTo(960);
        assertThat(AudioFrameDurations.opusPacketSamples(new byte[] {(byte) 0x18})).as("SILK 60 ms").isEqualTo(2880);
        assertThat(AudioFrameDurations.opusPacketSamples(new byte[] {(byte) 0xF9})).as("two frames").isEqualTo(1920);
        assertThat(AudioFrameDurations.opusPacketSamples(new byte[] {(byte) 0xF3, 3})).as("code 3, three 10 ms")
                .isEqualTo(1440);
        assertThat(AudioFrameDurations.opusPacketSamples(new byte[0])).isZero();
        assertThat(AudioSpecificConfig.frameSamples(new byte[] {0x11, (byte) 0x94})).as("frameLengthFlag")
                .isEqualTo(960);
    }
}
