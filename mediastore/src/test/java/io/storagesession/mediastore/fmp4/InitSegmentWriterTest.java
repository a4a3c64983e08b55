package io.storagesession.mediastore.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.TestMedia;
import io.storagesession.mediastore.archive.ArchivedTrack;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitSegmentWriterTest {
    private static final byte[] AVCC = {1, 0x42, (byte) 0xC0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 4, 0x67, 0x42,
        (byte) 0xC0, 0x1F, 1, 0, 2, 0x68, (byte) 0xCE};
    private static final byte[] ASC = {0x11, (byte) 0x90};

    private static final ArchivedTrack VIDEO = ArchivedTrack.h264(1, AVCC, 640, 480);
    private static final ArchivedTrack OPUS = ArchivedTrack.opus(2, TestMedia.opusHead(2));
    private static final ArchivedTrack AAC = ArchivedTrack.aac(3, ASC, 44_100, 2);

    private static byte[] write(List<ArchivedTrack> tracks) {
        Mp4Buffer out = new Mp4Buffer(16);
        InitSegmentWriter.write(out, tracks);
        return out.toByteArray();
    }

    @Test
    void boxSizesChainFromFtypThroughMoovToTheEnd() {
        byte[] init = write(List.of(VIDEO, OPUS, AAC));
        Boxes.Box root = Boxes.root(init);
        assertThat(root.children()).extracting(Boxes.Box::type).containsExactly("ftyp", "moov");
        Boxes.Box moov = root.child("moov");
        assertThat(moov.end()).isEqualTo(init.length);
        assertThat(moov.children()).extracting(Boxes.Box::type)
                .containsExactly("mvhd", "trak", "trak", "trak", "mvex");
        assertThat(moov.child("mvex").all("trex")).hasSize(3);
        // mvhd next_track_ID follows the largest track number
        Boxes.Box mvhd = moov.child("mvhd");
        assertThat(Boxes.u32(init, mvhd.end() - 4)).isEqualTo(4);
    }

    @Test
    void ftypNamesIso6AndCmafBrands() {
        byte[] init = write(List.of(VIDEO));
        Boxes.Box ftyp = Boxes.root(init).child("ftyp");
        assertThat(new String(init, ftyp.payload(), ftyp.size() - 8, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("iso6\0\0\0\0iso6cmfcmp41");
    }

    @Test
    void videoTrackHasA90kHzTimescaleAndAvc1WithTheAvcCRecordVerbatim() {
        byte[] init = write(List.of(VIDEO));
        Boxes.Box trak = Boxes.root(init).at("moov/trak");
        Boxes.Box mdhd = trak.at("mdia/mdhd");
        assertThat(Boxes.u32(init, mdhd.payload() + 4 + 8)).isEqualTo(90_000);
        Boxes.Box hdlr = trak.at("mdia/hdlr");
        assertThat(new String(init, hdlr.payload() + 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("vide");
        Boxes.Box stsd = trak.at("mdia/minf/stbl/stsd");
        // stsd: FullBox header (4) + entry_count (4), then the avc1 entry
        int avc1 = stsd.payload() + 8;
        assertThat(new String(init, avc1 + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("avc1");
        assertThat(Boxes.u16(init, avc1 + 8 + 24)).isEqualTo(640);
        assertThat(Boxes.u16(init, avc1 + 8 + 26)).isEqualTo(480);
        // the avcC box closes the 86-byte VisualSampleEntry
        int avcC = avc1 + 8 + 78;
        assertThat(new String(init, avcC + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("avcC");
        assertThat(Arrays.copyOfRange(init, avcC + 8, avcC + 8 + AVCC.length)).isEqualTo(AVCC);
        assertThat(Boxes.u32(init, avc1)).isEqualTo(Boxes.u32(init, stsd.start()) - 16);
        // tkhd width/height are 16.16 fixed point
        Boxes.Box tkhd = trak.child("tkhd");
        assertThat(Boxes.u32(init, tkhd.end() - 8)).isEqualTo(640L << 16);
        assertThat(Boxes.u32(init, tkhd.end() - 4)).isEqualTo(480L << 16);
        // empty sample tables: every sample is in the movie fragments
        Boxes.Box stbl = trak.at("mdia/minf/stbl");
        assertThat(stbl.children()).extracting(Boxes.Box::type).containsExactly("stsd", "stts", "stsc", "stsz", "stco");
        assertThat(Boxes.u32(init, stbl.child("stts").payload() + 4)).isZero();
    }

    @Test
    void opusEntryCarriesADOpsBoxConvertedBigEndianFromTheLittleEndianOpusHead() {
        byte[] init = write(List.of(OPUS));
        Boxes.Box trak = Boxes.root(init).at("moov/trak");
        assertThat(Boxes.u32(init, trak.at("mdia/mdhd").payload() + 12)).isEqualTo(48_000);
        int entry = trak.at("mdia/minf/stbl/stsd").payload() + 8;
        assertThat(new String(init, entry + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Opus");
        assertThat(Boxes.u16(init, entry + 8 + 16)).as("channelcount").isEqualTo(2);
        assertThat(Boxes.u32(init, entry + 8 + 24)).as("samplerate 16.16").isEqualTo(48_000L << 16);
        int dOps = entry + 8 + 28;
        assertThat(new String(init, dOps + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("dOps");
        assertThat(Boxes.u32(init, dOps)).as("dOps size: 8 + 11 bytes for mapping family 0").isEqualTo(19);
        int p = dOps + 8;
        assertThat(Boxes.u8(init, p)).as("Version").isZero();
        assertThat(Boxes.u8(init, p + 1)).as("OutputChannelCount").isEqualTo(2);
        assertThat(Boxes.u16(init, p + 2)).as("PreSkip, big-endian").isEqualTo(312);
        assertThat(Boxes.u32(init, p + 4)).as("InputSampleRate, big-endian").isEqualTo(48_000);
        assertThat(Boxes.u16(init, p + 8)).as("OutputGain").isZero();
        assertThat(Boxes.u8(init, p + 10)).as("ChannelMappingFamily").isZero();
    }

    @Test
    void aacEntryCarriesTheAudioSpecificConfigAsDecoderSpecificInfo() {
        byte[] init = write(List.of(AAC));
        Boxes.Box trak = Boxes.root(init).at("moov/trak");
        assertThat(Boxes.u32(init, trak.at("mdia/mdhd").payload() + 12)).isEqualTo(44_100);
        int entry = trak.at("mdia/minf/stbl/stsd").payload() + 8;
        assertThat(new String(init, entry + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("mp4a");
        int esds = entry + 8 + 28;
        assertThat(new String(init, esds + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("esds");
        int es = esds + 12;
        assertThat(Boxes.u8(init, es)).as("ES_DescrTag").isEqualTo(3);
        int config = es + 5 + 3;
        assertThat(Boxes.u8(init, config)).as("DecoderConfigDescrTag").isEqualTo(4);
        assertThat(Boxes.u8(init, config + 5)).as("objectTypeIndication: MPEG-4 audio").isEqualTo(0x40);
        assertThat(Boxes.u8(init, config + 6)).as("streamType audio").isEqualTo(0x15);
        int specific = config + 5 + 13;
        assertThat(Boxes.u8(init, specific)).as("DecSpecificInfoTag").isEqualTo(5);
        assertThat(Boxes.u8(init, specific + 4)).as("size").isEqualTo(ASC.length);
        assertThat(Arrays.copyOfRange(init, specific + 5, specific + 5 + ASC.length)).isEqualTo(ASC);
        int sl = specific + 5 + ASC.length;
        assertThat(Boxes.u8(init, sl)).as("SLConfigDescrTag").isEqualTo(6);
        assertThat(sl + 6).as("the descriptors fill the esds box").isEqualTo(esds + (int) Boxes.u32(init, esds));
    }
}
