package io.storagesession.mediastore.mkv;

/**
 * The EBML (RFC 8794 §11.2) and Matroska (RFC 9559 §5.1) element IDs the store reads and writes, with their marker
 * bits, as they appear on the wire (RFC 8794 §5).
 */
public final class MkvIds {
    /** RFC 8794 §11.2.1 EBML header; §11.2.7 DocType; §11.3.1–2 Void and CRC-32, allowed anywhere. */
    public static final int EBML = 0x1A45DFA3;
    public static final int DOC_TYPE = 0x4282;
    public static final int VOID = 0xEC;
    public static final int CRC32 = 0xBF;

    /** RFC 9559 §5.1 Segment and its level-1 children. */
    public static final int SEGMENT = 0x18538067;
    public static final int SEEK_HEAD = 0x114D9B74;
    public static final int INFO = 0x1549A966;
    public static final int TRACKS = 0x1654AE6B;
    public static final int CLUSTER = 0x1F43B675;
    public static final int CUES = 0x1C53BB6B;
    public static final int ATTACHMENTS = 0x1941A469;
    public static final int CHAPTERS = 0x1043A770;
    public static final int TAGS = 0x1254C367;

    /** RFC 9559 §5.1.2.1 TimestampScale (KVS: TimecodeScale). */
    public static final int TIMECODE_SCALE = 0x2AD7B1;

    /** RFC 9559 §5.1.3 Cluster children. */
    public static final int TIMECODE = 0xE7;
    public static final int SIMPLE_BLOCK = 0xA3;
    public static final int BLOCK_GROUP = 0xA0;
    public static final int BLOCK = 0xA1;
    public static final int REFERENCE_BLOCK = 0xFB;

    /** RFC 9559 §5.1.4 Tracks. */
    public static final int TRACK_ENTRY = 0xAE;
    public static final int TRACK_NUMBER = 0xD7;
    public static final int TRACK_UID = 0x73C5;
    public static final int TRACK_TYPE = 0x83;
    public static final int NAME = 0x536E;
    public static final int CODEC_ID = 0x86;
    public static final int CODEC_PRIVATE = 0x63A2;
    public static final int VIDEO = 0xE0;
    public static final int PIXEL_WIDTH = 0xB0;
    public static final int PIXEL_HEIGHT = 0xBA;
    public static final int AUDIO = 0xE1;
    public static final int SAMPLING_FREQUENCY = 0xB5;
    public static final int CHANNELS = 0x9F;

    /** RFC 9559 §5.1.8 Tags. */
    public static final int TAG = 0x7373;
    public static final int TARGETS = 0x63C0;
    public static final int SIMPLE_TAG = 0x67C8;
    public static final int TAG_NAME = 0x45A3;
    public static final int TAG_STRING = 0x4487;

    private MkvIds() {
    }

    /** Level-1 elements: one of them inside an unknown-size Cluster ends that Cluster (RFC 8794 §6.2). */
    public static boolean isSegmentChild(int id) {
        return id == SEEK_HEAD || id == INFO || id == TRACKS || id == CLUSTER || id == CUES || id == ATTACHMENTS
                || id == CHAPTERS || id == TAGS;
    }

    /** Top-level elements: one of them inside an unknown-size Segment ends that Segment (a new stream header). */
    public static boolean isTopLevel(int id) {
        return id == EBML || id == SEGMENT;
    }
}
