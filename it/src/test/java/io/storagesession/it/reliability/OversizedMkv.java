package io.storagesession.it.reliability;

import io.storagesession.codecs.mkv.MatroskaIds;
import io.storagesession.mediastore.mkv.EbmlWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PutMedia bodies (Matroska, RFC 9559) that are too large: a stream header with one H.264 track, then either a
 * Cluster whose SimpleBlocks keep coming past KVS's 50 MB fragment limit, or a SimpleBlock that claims 2^40 bytes.
 * Written with the store's own {@link EbmlWriter} and Matroska ids.
 */
final class OversizedMkv {
    /** RFC 8794 §6.2: a size of all ones, "unknown", which a live producer gives its Segment and Clusters. */
    private static final byte[] UNKNOWN_SIZE = {0x01, -1, -1, -1, -1, -1, -1, -1};
    /** An 8-octet EBML size of 2^40: far beyond any limit, so only the declaration can be judged. */
    private static final byte[] SIZE_2_TO_THE_40 = {0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
    private static final long MILLISECOND_TIMECODES = 1_000_000;
    private static final int TRACK = 1;
    private static final int VIDEO_TRACK_TYPE = 1;
    private static final int KEYFRAME_FLAG = 0x80;
    /** Track number (a 1-octet VINT), relative timecode (int16), flags: RFC 9559 §10.1. */
    private static final int BLOCK_HEADER_BYTES = 4;
    private static final int VINT_MARKER = 0x80;

    private OversizedMkv() {
    }

    /** EBML header, Segment of unknown size, Info (1 ms timecodes), Tracks with one H.264 video track. */
    static byte[] streamHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.element(out, MatroskaIds.EBML, string(MatroskaIds.DOC_TYPE, "matroska"));
        EbmlWriter.id(out, MatroskaIds.SEGMENT);
        out.writeBytes(UNKNOWN_SIZE);
        EbmlWriter.element(out, MatroskaIds.INFO, uint(MatroskaIds.TIMECODE_SCALE, MILLISECOND_TIMECODES));
        ByteArrayOutputStream track = new ByteArrayOutputStream();
        track.writeBytes(uint(MatroskaIds.TRACK_NUMBER, TRACK));
        track.writeBytes(uint(MatroskaIds.TRACK_UID, TRACK));
        track.writeBytes(uint(MatroskaIds.TRACK_TYPE, VIDEO_TRACK_TYPE));
        track.writeBytes(string(MatroskaIds.CODEC_ID, "V_MPEG4/ISO/AVC"));
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        EbmlWriter.element(entry, MatroskaIds.TRACK_ENTRY, track.toByteArray());
        EbmlWriter.element(out, MatroskaIds.TRACKS, entry.toByteArray());
        return out.toByteArray();
    }

    /** The start of a Cluster of unknown size at {@code timecode} (ms): its blocks follow. */
    static byte[] clusterStart(long timecode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.id(out, MatroskaIds.CLUSTER);
        out.writeBytes(UNKNOWN_SIZE);
        out.writeBytes(uint(MatroskaIds.TIMECODE, timecode));
        return out.toByteArray();
    }

    /** A SimpleBlock of {@code payloadBytes} at the cluster's timecode; the first of a fragment is a keyframe. */
    static byte[] simpleBlock(int payloadBytes, boolean keyframe) {
        byte[] data = new byte[BLOCK_HEADER_BYTES + payloadBytes];
        data[0] = (byte) (VINT_MARKER | TRACK);
        data[3] = (byte) (keyframe ? KEYFRAME_FLAG : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.element(out, MatroskaIds.SIMPLE_BLOCK, data);
        return out.toByteArray();
    }

    /** A SimpleBlock's header claiming 2^40 bytes, with nothing after it. */
    static byte[] giantBlockHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.id(out, MatroskaIds.SIMPLE_BLOCK);
        out.writeBytes(SIZE_2_TO_THE_40);
        return out.toByteArray();
    }

    private static byte[] uint(int id, long value) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            if (value >>> shift != 0 || shift == 0 || data.size() > 0) {
                data.write((int) (value >>> shift));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.element(out, id, data.toByteArray());
        return out.toByteArray();
    }

    private static byte[] string(int id, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EbmlWriter.element(out, id, value.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
