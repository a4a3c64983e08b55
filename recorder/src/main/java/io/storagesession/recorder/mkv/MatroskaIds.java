package io.storagesession.recorder.mkv;

/**
 * The Matroska element IDs this writer uses, with the RFC 9559 section that defines each (§5.1 lists the elements).
 * IDs include their EBML marker bits, as written on the wire (RFC 8794 §5).
 */
public final class MatroskaIds {
    /** RFC 9559 §5.1: the root element, written with unknown size so PutMedia can stream it. */
    public static final int SEGMENT = 0x18538067;

    /** RFC 9559 §5.1.2 Info: TimestampScale (KVS and older Matroska say TimecodeScale), MuxingApp, WritingApp. */
    public static final int INFO = 0x1549A966;
    public static final int TIMECODE_SCALE = 0x2AD7B1;
    public static final int MUXING_APP = 0x4D80;
    public static final int WRITING_APP = 0x5741;

    /** RFC 9559 §5.1.4 Tracks, §5.1.4.1 TrackEntry; Video is §5.1.4.1.28, Audio §5.1.4.1.29. */
    public static final int TRACKS = 0x1654AE6B;
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

    /** RFC 9559 §5.1.3 Cluster with its Timestamp (KVS: Timecode) and SimpleBlocks. */
    public static final int CLUSTER = 0x1F43B675;
    public static final int TIMECODE = 0xE7;
    public static final int SIMPLE_BLOCK = 0xA3;

    /** RFC 9559 §5.1.8 Tags: Tag, Targets (mandatory, empty = whole Segment), SimpleTag, TagName, TagString. */
    public static final int TAGS = 0x1254C367;
    public static final int TAG = 0x7373;
    public static final int TARGETS = 0x63C0;
    public static final int SIMPLE_TAG = 0x67C8;
    public static final int TAG_NAME = 0x45A3;
    public static final int TAG_STRING = 0x4487;

    private MatroskaIds() {
    }
}
