package io.storagesession.mediastore.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;

/**
 * One frame of a Cluster, read from a SimpleBlock (RFC 9559 §5.1.3.4, "SimpleBlock Structure": track number VINT,
 * signed 16-bit timecode relative to the Cluster, flags with 0x80 = keyframe) or a BlockGroup (its Block has the same
 * layout without the keyframe flag; a Block with no ReferenceBlock is a keyframe, RFC 9559 §5.1.3.5.2). The frame is
 * {@code element[dataOffset, dataOffset + dataLength)}.
 *
 * <p>Lacing (several frames in one block, RFC 9559 §10.3) is refused: no KVS producer laces, and the store's readers
 * hand out one frame per block.
 */
public record MkvBlock(long track, int relativeTimecode, boolean keyframe, byte[] element, int dataOffset,
                       int dataLength) {
    private static final int KEYFRAME_FLAG = 0x80;
    private static final int LACING_FLAGS = 0x06;
    private static final int OCTET = 0xFF;
    /** Signed 16-bit timecode and the flags octet after the track number. */
    private static final int AFTER_TRACK = Short.BYTES + Byte.BYTES;

    /** Reads the block of a SimpleBlock or BlockGroup element held whole. */
    public static MkvBlock parse(int id, byte[] element, int headerLength) throws MkvException {
        return parse(id, element, headerLength, element.length);
    }

    /** Reads the block whose element data is {@code bytes[dataStart, end)}. */
    public static MkvBlock parse(int id, byte[] bytes, int dataStart, int end) throws MkvException {
        Reader r = new Reader();
        r.read(id, bytes, dataStart, end);
        return new MkvBlock(r.track, r.relativeTimecode, r.keyframe, bytes, r.dataOffset, r.dataLength);
    }

    /**
     * Reads blocks into its own fields, for the ingest, which reads every block of every upload and keeps none: one
     * reader per upload, no object per block (a BlockGroup's children are still walked with a cursor of its own).
     */
    public static final class Reader {
        private long track;
        private int relativeTimecode;
        private boolean keyframe;
        private int dataOffset;
        private int dataLength;

        /** Reads the block whose element data is {@code bytes[dataStart, end)}. */
        public void read(int id, byte[] bytes, int dataStart, int end) throws MkvException {
            if (id == MatroskaIds.SIMPLE_BLOCK) {
                readBlock(bytes, dataStart, end, true, false);
                return;
            }
            EbmlCursor group = new EbmlCursor(bytes, dataStart, end);
            int blockStart = -1;
            int blockEnd = -1;
            boolean referenced = false;
            while (group.next()) {
                if (group.id() == MatroskaIds.BLOCK) {
                    blockStart = group.dataStart();
                    blockEnd = group.dataStart() + group.dataSize();
                } else if (group.id() == MatroskaIds.REFERENCE_BLOCK) {
                    referenced = true;
                }
            }
            if (blockStart < 0) {
                throw MkvException.invalid("a BlockGroup without a Block");
            }
            readBlock(bytes, blockStart, blockEnd, false, !referenced);
        }

        private void readBlock(byte[] element, int start, int end, boolean simple, boolean groupKeyframe)
                throws MkvException {
            if (start >= end) {
                throw MkvException.invalid("an empty block");
            }
            int trackLength = EbmlCursor.vintLength(element[start] & OCTET);
            if (trackLength < 0 || start + trackLength + AFTER_TRACK > end) {
                throw MkvException.invalid("a block too short for its header");
            }
            long number = EbmlCursor.vintValue(element, start, trackLength);
            int at = start + trackLength;
            int relative = (short) EbmlCursor.readBigEndian(element, at, Short.BYTES);
            int flags = element[at + Short.BYTES] & OCTET;
            if ((flags & LACING_FLAGS) != 0) {
                throw MkvException.invalid("laced blocks are not accepted (track " + number + ")");
            }
            track = number;
            relativeTimecode = relative;
            keyframe = simple ? (flags & KEYFRAME_FLAG) != 0 : groupKeyframe;
            dataOffset = at + AFTER_TRACK;
            dataLength = end - dataOffset;
        }

        public long track() {
            return track;
        }

        public int relativeTimecode() {
            return relativeTimecode;
        }

        public boolean keyframe() {
            return keyframe;
        }
    }

    /** A copy of the frame's bytes. */
    public byte[] frame() {
        byte[] copy = new byte[dataLength];
        System.arraycopy(element, dataOffset, copy, 0, dataLength);
        return copy;
    }
}
