package io.storagesession.mediastore.fmp4;

import io.storagesession.codecs.OpusHead;
import io.storagesession.mediastore.archive.ArchivedTrack;

/**
 * The {@code stsd} sample entries of the init segment, one per codec: {@code avc1} with {@code avcC} (ISO/IEC 14496-15
 * §5.4.2), {@code Opus} with {@code dOps} ("Encapsulation of Opus in ISO Base Media File Format" §4.3), and {@code
 * mp4a} with {@code esds} (ISO/IEC 14496-14 §5.6, descriptors of ISO/IEC 14496-1 §7.2.6). The generic
 * Visual/AudioSampleEntry fields are those of ISO/IEC 14496-12 §12.1.3 and §12.2.3.
 */
final class SampleEntries {
    private static final int SAMPLE_ENTRY_RESERVED_BYTES = 6;
    /** Every sample refers to the single {@code url } entry of {@code dref} (self-contained). */
    private static final int DATA_REFERENCE_INDEX = 1;
    /** 72 dpi as 16.16 fixed point, the value 14496-12 §12.1.3 prescribes. */
    private static final long RESOLUTION_72_DPI = 0x0048_0000L;
    private static final int FRAME_COUNT = 1;
    private static final int COMPRESSOR_NAME_BYTES = 32;
    /** 0x0018: images in colour with no alpha (§12.1.3). */
    private static final int DEPTH_COLOUR = 0x0018;
    private static final int PRE_DEFINED_MINUS_ONE = 0xFFFF;
    private static final int VISUAL_PRE_DEFINED_BYTES = 16;
    private static final int AUDIO_RESERVED_BYTES = 8;
    private static final int AUDIO_SAMPLE_SIZE_BITS = 16;
    /** AudioSampleEntry's samplerate is 16.16 fixed point; rates above 65535 Hz cannot be written there. */
    private static final int SAMPLE_RATE_SHIFT = 16;
    private static final int MAX_ENTRY_SAMPLE_RATE = 0xFFFF;

    /** Opus-in-ISOBMFF §4.3.2: dOps Version is 0. */
    private static final int DOPS_VERSION = 0;
    /** After the family byte, families other than 0 carry stream count, coupled count and one byte per channel. */
    private static final int OPUS_MAPPING_TABLE_FIXED_BYTES = 2;

    /** ISO/IEC 14496-1 §7.2.2.1 class tags. */
    private static final int ES_DESCRIPTOR_TAG = 0x03;
    private static final int DECODER_CONFIG_TAG = 0x04;
    private static final int DECODER_SPECIFIC_INFO_TAG = 0x05;
    private static final int SL_CONFIG_TAG = 0x06;
    /** objectTypeIndication 0x40: Audio ISO/IEC 14496-3 (MP4 registration authority's table). */
    private static final int OBJECT_TYPE_MPEG4_AUDIO = 0x40;
    /** streamType 0x05 (AudioStream) in the upper 6 bits, upStream 0, reserved 1 (14496-1 §7.2.6.6). */
    private static final int STREAM_TYPE_AUDIO_BYTE = (0x05 << 2) | 1;
    /** SLConfigDescriptor predefined = 2: reserved for use in MP4 files (14496-14 §3.1.2). */
    private static final int SL_PREDEFINED_MP4 = 0x02;
    /** Descriptor sizes are written in the 4-byte expandable form (14496-1 §8.3.3), patched when known. */
    private static final int DESCRIPTOR_SIZE_BYTES = 4;
    private static final int SIZE_BITS_PER_BYTE = 7;
    private static final int SIZE_CONTINUES = 0x80;
    private static final int SIZE_MASK = 0x7F;

    private SampleEntries() {
    }

    static void write(Mp4Buffer out, ArchivedTrack track) {
        switch (track.codec()) {
            case H264 -> avc1(out, track);
            case OPUS -> opus(out, track);
            case AAC -> mp4a(out, track);
            default -> throw new IllegalArgumentException("no sample entry for " + track.codec());
        }
    }

    private static void avc1(Mp4Buffer out, ArchivedTrack track) {
        int entry = out.startBox("avc1");
        sampleEntryHeader(out);
        out.zeros(VISUAL_PRE_DEFINED_BYTES);
        out.u16(track.width());
        out.u16(track.height());
        out.u32(RESOLUTION_72_DPI);
        out.u32(RESOLUTION_72_DPI);
        out.u32(0);
        out.u16(FRAME_COUNT);
        out.zeros(COMPRESSOR_NAME_BYTES);
        out.u16(DEPTH_COLOUR);
        out.u16(PRE_DEFINED_MINUS_ONE);
        int avcC = out.startBox("avcC");
        out.bytes(track.codecPrivateView());
        out.endBox(avcC);
        out.endBox(entry);
    }

    private static void opus(Mp4Buffer out, ArchivedTrack track) {
        int entry = out.startBox("Opus");
        audioSampleEntryHeader(out, track);
        dOps(out, track.codecPrivateView());
        out.endBox(entry);
    }

    /**
     * The Opus Specific Box from an OpusHead: same fields, but dOps drops the magic, has Version 0 (the OpusHead says
     * 1) and is big-endian where the OpusHead is little-endian (Opus-in-ISOBMFF §4.3.2 vs RFC 7845 §5.1).
     */
    static void dOps(Mp4Buffer out, byte[] head) {
        if (!OpusHead.looksLikeOne(head)) {
            throw new IllegalArgumentException("not an OpusHead (RFC 7845 §5.1)");
        }
        int channels = OpusHead.channels(head);
        int family = OpusHead.mappingFamily(head);
        int box = out.startBox("dOps");
        out.u8(DOPS_VERSION);
        out.u8(channels);
        out.u16((int) OpusHead.field(head, OpusHead.PRE_SKIP, Short.BYTES));
        out.u32(OpusHead.field(head, OpusHead.INPUT_RATE, Integer.BYTES));
        out.u16((int) OpusHead.field(head, OpusHead.OUTPUT_GAIN_OFFSET, Short.BYTES));
        out.u8(family);
        if (family != 0) {
            int table = OPUS_MAPPING_TABLE_FIXED_BYTES + channels;
            if (head.length < OpusHead.MAPPING_TABLE + table) {
                throw new IllegalArgumentException("OpusHead mapping family " + family + " without its mapping table");
            }
            out.bytes(head, OpusHead.MAPPING_TABLE, table);
        }
        out.endBox(box);
    }

    private static void mp4a(Mp4Buffer out, ArchivedTrack track) {
        int entry = out.startBox("mp4a");
        audioSampleEntryHeader(out, track);
        int esds = out.startFullBox("esds", 0, 0);
        int es = startDescriptor(out, ES_DESCRIPTOR_TAG);
        out.u16(0);
        out.u8(0);
        int config = startDescriptor(out, DECODER_CONFIG_TAG);
        out.u8(OBJECT_TYPE_MPEG4_AUDIO);
        out.u8(STREAM_TYPE_AUDIO_BYTE);
        out.u24(0);
        out.u32(0);
        out.u32(0);
        int specific = startDescriptor(out, DECODER_SPECIFIC_INFO_TAG);
        out.bytes(track.codecPrivateView());
        endDescriptor(out, specific);
        endDescriptor(out, config);
        int sl = startDescriptor(out, SL_CONFIG_TAG);
        out.u8(SL_PREDEFINED_MP4);
        endDescriptor(out, sl);
        endDescriptor(out, es);
        out.endBox(esds);
        out.endBox(entry);
    }

    private static void sampleEntryHeader(Mp4Buffer out) {
        out.zeros(SAMPLE_ENTRY_RESERVED_BYTES);
        out.u16(DATA_REFERENCE_INDEX);
    }

    private static void audioSampleEntryHeader(Mp4Buffer out, ArchivedTrack track) {
        sampleEntryHeader(out);
        out.zeros(AUDIO_RESERVED_BYTES);
        out.u16(track.channels());
        out.u16(AUDIO_SAMPLE_SIZE_BITS);
        out.u16(0);
        out.u16(0);
        int rate = track.sampleRate() > MAX_ENTRY_SAMPLE_RATE ? 0 : track.sampleRate();
        out.u32((long) rate << SAMPLE_RATE_SHIFT);
    }

    /** Writes the tag and a 4-byte size placeholder; returns where the size goes. */
    private static int startDescriptor(Mp4Buffer out, int tag) {
        out.u8(tag);
        int sizeAt = out.length();
        out.zeros(DESCRIPTOR_SIZE_BYTES);
        return sizeAt;
    }

    private static void endDescriptor(Mp4Buffer out, int sizeAt) {
        int size = out.length() - sizeAt - DESCRIPTOR_SIZE_BYTES;
        byte[] a = out.array();
        for (int i = 0; i < DESCRIPTOR_SIZE_BYTES; i++) {
            int shift = (DESCRIPTOR_SIZE_BYTES - 1 - i) * SIZE_BITS_PER_BYTE;
            int more = i < DESCRIPTOR_SIZE_BYTES - 1 ? SIZE_CONTINUES : 0;
            a[sizeAt + i] = (byte) (more | ((size >>> shift) & SIZE_MASK));
        }
    }
}
