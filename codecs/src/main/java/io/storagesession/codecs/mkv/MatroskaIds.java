package io.storagesession.codecs.mkv;

/**
 * The EBML (RFC 8794 §11.2) and Matroska (RFC 9559 §5.1) element IDs this server writes (the recorder's fragments)
 * and reads (the media store's ingest and readers), with the section that defines each. IDs include their EBML marker
 * bits, as they appear on the wire (RFC 8794 §5). One table for both sides, so the writer and the reader cannot
 * disagree on an ID.
 */
public final class MatroskaIds {
    /** RFC 8794 §11.2.1 EBML header; §11.2.7 DocType; §11.3.1–2 Void and CRC-32, allowed anywhere. */
    public static final int EBML = 0x1A45DFA3;
    public static final int DOC_TYPE = 0x4282;
    public static final int VOID = 0xEC;
    public static final int CRC32 = 0xBF;

    /**
     * RFC 9559 §5.1: the root element (the recorder writes it with unknown size so PutMedia can stream it), and its
     * level-1 children.
     */
    public static final int SEGMENT = 0x18538067;
    public static final int SEEK_HEAD = 0x114D9B74;
    public static final int INFO = 0x1549A966;
    public static final int TRACKS = 0x1654AE6B;
    public static final int CLUSTER = 0x1F43B675;
    public static final int CUES = 0x1C53BB6B;
    public static final int ATTACHMENTS = 0x1941A469;
    public static final int CHAPTERS = 0x1043A770;
    public static final int TAGS = 0x1254C367;

    /** RFC 9559 §5.1.2 Info: TimestampScale (KVS and older Matroska say TimecodeScale), MuxingApp, WritingApp. */
    public static final int TIMECODE_SCALE = 0x2AD7B1;
    public static final int MUXING_APP = 0x4D80;
    public static final int WRITING_APP = 0x5741;

    /** RFC 9559 §5.1.3 Cluster children: Timestamp (KVS: Timecode), SimpleBlock, BlockGroup with Block. */
    public static final int TIMECODE = 0xE7;
    public static final int SIMPLE_BLOCK = 0xA3;
    public static final int BLOCK_GROUP = 0xA0;
    public static final int BLOCK = 0xA1;
    public static final int REFERENCE_BLOCK = 0xFB;

    /** RFC 9559 §5.1.4 Tracks, §5.1.4.1 TrackEntry; Video is §5.1.4.1.28, Audio §5.1.4.1.29. */
    public static final int TRACK_ENTRY = 0xAE;
    public static final int TRACK_NUMBER = 0xD7;
    public static final int TRACK_UID = 0x73C5;
    public static final int TRACK_TYPE = 0x83;
    public static final int NAME = 0x536E;
    public static final int CODEC_ID = 0x86;
    public static final int CODEC_PRIVATE = 0x63A2;
    public static final int CODEC_DELAY = 0x56AA;
    public static final int SEEK_PRE_ROLL = 0x56BB;
    public static final int VIDEO = 0xE0;
    public static final int PIXEL_WIDTH = 0xB0;
    public static final int PIXEL_HEIGHT = 0xBA;
    public static final int AUDIO = 0xE1;
    public static final int SAMPLING_FREQUENCY = 0xB5;
    public static final int CHANNELS = 0x9F;

    /** RFC 9559 §5.1.8 Tags: Tag, Targets (mandatory, empty = whole Segment), SimpleTag, TagName, TagString. */
    public static final int TAG = 0x7373;
    public static final int TARGETS = 0x63C0;
    public static final int SIMPLE_TAG = 0x67C8;
    public static final int TAG_NAME = 0x45A3;
    public static final int TAG_STRING = 0x4487;

    private MatroskaIds() {
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
