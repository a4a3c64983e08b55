package io.storagesession.mediastore.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;

/**
 * One frame of a Cluster, read from a SimpleBlock (RFC 9559 §5.1.3.4, "SimpleBlock Structure": track number VINT,
 * signed 16-bit timecode relative to the Cluster, flags with 0x80 = keyframe) or a BlockGroup (its Block has the same
 * layout without the keyframe flag; a Block with no ReferenceBlock is a keyframe, RFC 9559 §5.1.3.5.2). The frame is
 * {@code element[dataOffset, dataOffset + dataLength)}.
 *
 * <p>Lacing (several frames in one block, RFC 9559 §10.3) is read by the {@link Reader}, which the ingest uses to split
 * a laced block into one SimpleBlock per frame before storing it; this record holds one frame, so {@link #parse}
 * refuses a laced block (stored fragments never contain one).
 */
public record MkvBlock(long track, int relativeTimecode, boolean keyframe, byte[] element, int dataOffset,
                       int dataLength) {
    private static final int KEYFRAME_FLAG = 0x80;
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
        if (r.laced) {
            throw MkvException.invalid("a laced block where one frame was expected (track " + r.track + ")");
        }
        return new MkvBlock(r.track, r.relativeTimecode, r.keyframe, bytes, r.frameOffsets[0], r.frameLengths[0]);
    }

    /**
     * Reads blocks into its own fields, for the ingest, which reads every block of every upload and keeps none: one
     * reader per upload, no object per block (a BlockGroup's children are still walked with a cursor of its own).
     * A block's frames are {@code element[frameOffset(i), frameOffset(i) + frameLength(i))}: one, or the frames of
     * its lace ({@link BlockLacing}).
     */
    public static final class Reader {
        private long track;
        private int trackOffset;
        private int trackLength;
        private int relativeTimecode;
        private int flags;
        private boolean keyframe;
        private boolean laced;
        private int frameCount;
        private final int[] frameOffsets = new int[BlockLacing.MAX_FRAMES];
        private final int[] frameLengths = new int[BlockLacing.MAX_FRAMES];

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
            int trackOctets = EbmlCursor.vintLength(element[start] & OCTET);
            if (trackOctets < 0 || start + trackOctets + AFTER_TRACK > end) {
                throw MkvException.invalid("a block too short for its header");
            }
            long number = EbmlCursor.vintValue(element, start, trackOctets);
            int at = start + trackOctets;
            int relative = (short) EbmlCursor.readBigEndian(element, at, Short.BYTES);
            int octet = element[at + Short.BYTES] & OCTET;
            int lacing = octet & BlockLacing.MASK;
            int data = at + AFTER_TRACK;
            if (lacing == BlockLacing.NONE) {
                frameCount = 1;
                frameOffsets[0] = data;
                frameLengths[0] = end - data;
            } else {
                frameCount = BlockLacing.split(lacing, element, data, end, frameOffsets, frameLengths);
            }
            track = number;
            trackOffset = start;
            trackLength = trackOctets;
            relativeTimecode = relative;
            flags = octet;
            laced = lacing != BlockLacing.NONE;
            keyframe = simple ? (octet & KEYFRAME_FLAG) != 0 : groupKeyframe;
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

        /** The flags octet as sent (a BlockGroup's Block has no keyframe bit: see {@link #keyframe()}). */
        public int flags() {
            return flags;
        }

        /** Whether the block was laced, even if its lace held one frame. */
        public boolean laced() {
            return laced;
        }

        /** Where the track number's VINT begins, and its octets: a split frame repeats them as sent. */
        public int trackOffset() {
            return trackOffset;
        }

        public int trackLength() {
            return trackLength;
        }

        public int frameCount() {
            return frameCount;
        }

        public int frameOffset(int frame) {
            return frameOffsets[frame];
        }

        public int frameLength(int frame) {
            return frameLengths[frame];
        }
    }

    /** A copy of the frame's bytes. */
    public byte[] frame() {
        byte[] copy = new byte[dataLength];
        System.arraycopy(element, dataOffset, copy, 0, dataLength);
        return copy;
    }
}
