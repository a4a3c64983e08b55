package io.storagesession.codecs.h264;

/**
 * What the recorder needs from a sequence parameter set (ITU-T H.264 §7.3.2.1.1): the profile and level for the avcC
 * record, the chroma format and bit depths for its High-profile extension, and the picture size for Matroska's
 * PixelWidth/PixelHeight, which is the macroblock grid less the frame cropping (§7.4.2.1.1, equations 7-19 to 7-22).
 *
 * <p>Parsing walks every field before the size, since their lengths vary: the chroma fields and scaling lists of the
 * High profiles (libwebrtc's 640c1f), the picture order count fields, field coding. Values outside their ranges in
 * §7.4.2.1.1, or a picture larger than the highest level allows (Table A-1), make the SPS invalid rather than throw.
 * A mutable holder, reused: {@link #parse} overwrites it.
 */
public final class SequenceParameterSet {
    /** Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (§7.3.2.1.1). */
    private static final int[] CHROMA_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};
    private static final int HEADER_BYTES = 1;
    private static final int MAX_SPS_ID = 31;
    private static final int CHROMA_444 = 3;
    private static final int CHROMA_420 = 1;
    private static final int MAX_BIT_DEPTH_MINUS8 = 6;
    /** Scaling lists: 6 of 4x4 and 2 of 8x8, or 6 of 8x8 for 4:4:4 (§7.3.2.1.1). */
    private static final int SCALING_LISTS = 8;
    private static final int SCALING_LISTS_444 = 12;
    private static final int SCALING_LISTS_4X4 = 6;
    private static final int SCALING_LIST_4X4_SIZE = 16;
    private static final int SCALING_LIST_8X8_SIZE = 64;
    /** The scaling list value before the first delta (§7.3.2.1.1.1). */
    private static final int SCALING_START = 8;
    private static final int SCALING_MODULO = 256;
    private static final int MIN_DELTA_SCALE = -128;
    private static final int MAX_DELTA_SCALE = 127;
    private static final int MAX_LOG2_MINUS4 = 12;
    private static final int MAX_POC_TYPE = 2;
    private static final int MAX_REF_FRAMES_IN_POC_CYCLE = 255;
    private static final int MAX_REF_FRAMES = 16;
    private static final int MACROBLOCK_SIZE = 16;
    /** Without frame_mbs_only_flag a map unit is a macroblock pair, one per field (§7.4.2.1.1, 7-18). */
    private static final int FIELDS_PER_FRAME = 2;
    /** SubWidthC and SubHeightC of Table 6-1: chroma at half or full resolution in that direction. */
    private static final int HALF_RESOLUTION = 2;
    private static final int FULL_RESOLUTION = 1;
    /** Table A-1's largest MaxFS (levels 6-6.2), in macroblocks, and its bound on each side, sqrt(8 · MaxFS). */
    private static final int MAX_FRAME_MACROBLOCKS = 139_264;
    private static final int MAX_SIDE_MACROBLOCKS = 1_055;

    private final RbspReader reader = new RbspReader();
    private boolean valid;
    private int profileIdc;
    private int constraintFlags;
    private int levelIdc;
    private int id;
    private int chromaFormatIdc;
    private int bitDepthLuma;
    private int bitDepthChroma;
    private boolean frameMbsOnly;
    private int width;
    private int height;

    /** Reads the SPS NAL unit (header byte first); returns whether it is valid. Never throws on bad input. */
    public boolean parse(byte[] nal, int off, int len) {
        valid = false;
        if (nal == null || off < 0 || len <= HEADER_BYTES || off > nal.length - len
                || NalUnitType.of(nal[off]) != NalUnitType.SPS) {
            return false;
        }
        RbspReader r = reader;
        r.reset(nal, off + HEADER_BYTES, len - HEADER_BYTES);
        profileIdc = r.bits(Byte.SIZE);
        constraintFlags = r.bits(Byte.SIZE);
        levelIdc = r.bits(Byte.SIZE);
        id = r.ue();
        chromaFormatIdc = CHROMA_420;
        bitDepthLuma = Byte.SIZE;
        bitDepthChroma = Byte.SIZE;
        boolean separateColourPlanes = false;
        if (hasChromaFields(profileIdc)) {
            chromaFormatIdc = r.ue();
            if (chromaFormatIdc == CHROMA_444) {
                separateColourPlanes = r.flag();
            }
            int lumaMinus8 = r.ue();
            int chromaMinus8 = r.ue();
            if (chromaFormatIdc > CHROMA_444 || lumaMinus8 > MAX_BIT_DEPTH_MINUS8
                    || chromaMinus8 > MAX_BIT_DEPTH_MINUS8) {
                return false;
            }
            bitDepthLuma = Byte.SIZE + lumaMinus8;
            bitDepthChroma = Byte.SIZE + chromaMinus8;
            r.flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag() && !skipScalingLists(r, chromaFormatIdc == CHROMA_444 ? SCALING_LISTS_444 : SCALING_LISTS)) {
                return false;
            }
        }
        if (id > MAX_SPS_ID || r.ue() > MAX_LOG2_MINUS4 || !skipPictureOrderCount(r)) {
            return false;
        }
        int maxRefFrames = r.ue();
        r.flag(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.flag(); // mb_adaptive_frame_field_flag
        }
        r.flag(); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.flag()) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int heightMbs = (frameMbsOnly ? 1 : FIELDS_PER_FRAME) * heightMapUnits;
        if (r.overrun() || maxRefFrames > MAX_REF_FRAMES || widthMbs > MAX_SIDE_MACROBLOCKS
                || heightMbs > MAX_SIDE_MACROBLOCKS || widthMbs * heightMbs > MAX_FRAME_MACROBLOCKS) {
            return false;
        }
        // §7.4.2.1.1: crop units are chroma samples (SubWidthC, SubHeightC of Table 6-1), doubled vertically for fields
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormatIdc;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidth(chromaArrayType);
        int cropUnitY = (chromaArrayType == 0 ? 1 : subHeight(chromaArrayType))
                * (frameMbsOnly ? 1 : FIELDS_PER_FRAME);
        long croppedWidth = (long) widthMbs * MACROBLOCK_SIZE - (long) cropUnitX * ((long) cropLeft + cropRight);
        long croppedHeight = (long) heightMbs * MACROBLOCK_SIZE - (long) cropUnitY * ((long) cropTop + cropBottom);
        if (croppedWidth <= 0 || croppedHeight <= 0) {
            return false;
        }
        width = (int) croppedWidth;
        height = (int) croppedHeight;
        valid = true;
        return true;
    }

    /** The last {@link #parse} succeeded. */
    public boolean valid() {
        return valid;
    }

    /** profile_idc: 66 Baseline, 77 Main, 100 High (Annex A). */
    public int profileIdc() {
        return profileIdc;
    }

    /** The byte of constraint_set0..5 flags and reserved bits (avcC's profile_compatibility). */
    public int constraintFlags() {
        return constraintFlags;
    }

    /** level_idc: ten times the level, e.g. 31 for 3.1. */
    public int levelIdc() {
        return levelIdc;
    }

    public int id() {
        return id;
    }

    /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4 (Table 6-1). */
    public int chromaFormatIdc() {
        return chromaFormatIdc;
    }

    public int bitDepthLuma() {
        return bitDepthLuma;
    }

    public int bitDepthChroma() {
        return bitDepthChroma;
    }

    /** Whether the profile's SPS and avcC record carry chroma format and bit depths. */
    public boolean hasChromaFields() {
        return hasChromaFields(profileIdc);
    }

    /** Progressive frames only (no field or MBAFF coding). */
    public boolean frameMbsOnly() {
        return frameMbsOnly;
    }

    /** Displayed width in luma samples, after cropping. */
    public int width() {
        return width;
    }

    /** Displayed height in luma samples, after cropping. */
    public int height() {
        return height;
    }

    /** Copies another parsed SPS into this one (the parser's scratch becomes the current one without allocating). */
    void copyFrom(SequenceParameterSet o) {
        valid = o.valid;
        profileIdc = o.profileIdc;
        constraintFlags = o.constraintFlags;
        levelIdc = o.levelIdc;
        id = o.id;
        chromaFormatIdc = o.chromaFormatIdc;
        bitDepthLuma = o.bitDepthLuma;
        bitDepthChroma = o.bitDepthChroma;
        frameMbsOnly = o.frameMbsOnly;
        width = o.width;
        height = o.height;
    }

    static boolean hasChromaFields(int profile) {
        for (int p : CHROMA_PROFILES) {
            if (p == profile) {
                return true;
            }
        }
        return false;
    }

    /** §7.3.2.1.1.1: only the deltas are read; the recorder needs none of the values. */
    private static boolean skipScalingLists(RbspReader r, int lists) {
        for (int i = 0; i < lists; i++) {
            if (!r.flag()) {
                continue;
            }
            int size = i < SCALING_LISTS_4X4 ? SCALING_LIST_4X4_SIZE : SCALING_LIST_8X8_SIZE;
            int last = SCALING_START;
            int next = SCALING_START;
            for (int j = 0; j < size && next != 0; j++) {
                int delta = r.se();
                if (delta < MIN_DELTA_SCALE || delta > MAX_DELTA_SCALE || r.overrun()) {
                    return false;
                }
                next = (last + delta + SCALING_MODULO) % SCALING_MODULO;
                last = next == 0 ? last : next;
            }
        }
        return true;
    }

    /** pic_order_cnt_type and the fields that depend on it (§7.3.2.1.1). */
    private static boolean skipPictureOrderCount(RbspReader r) {
        int type = r.ue();
        if (type > MAX_POC_TYPE) {
            return false;
        }
        if (type == 0) {
            return r.ue() <= MAX_LOG2_MINUS4;
        }
        if (type == 1) {
            r.flag(); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue();
            if (cycle > MAX_REF_FRAMES_IN_POC_CYCLE) {
                return false;
            }
            for (int i = 0; i < cycle && !r.overrun(); i++) {
                r.se(); // offset_for_ref_frame
            }
        }
        return !r.overrun();
    }

    private static int subWidth(int chromaArrayType) {
        return chromaArrayType == CHROMA_444 ? FULL_RESOLUTION : HALF_RESOLUTION;
    }

    private static int subHeight(int chromaArrayType) {
        return chromaArrayType == CHROMA_420 ? HALF_RESOLUTION : FULL_RESOLUTION;
    }
}
