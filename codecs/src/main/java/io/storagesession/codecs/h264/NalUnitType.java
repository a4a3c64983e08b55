package io.storagesession.codecs.h264;

/**
 * The NAL unit types this package acts on: those of H.264 itself (ITU-T H.264 §7.4.1, Table 7-1) and the payload
 * structures RFC 6184 §5.4 (Table 1) adds in the unused range 24-29. The type is the low five bits of the NAL unit
 * header (§5.3).
 */
public final class NalUnitType {
    /** The low five bits of the NAL unit header. */
    public static final int MASK = 0x1F;
    /** Coded slice of an IDR picture: the access unit is a keyframe, decodable on its own. */
    public static final int IDR_SLICE = 5;
    /** Sequence parameter set (H.264 §7.3.2.1). */
    public static final int SPS = 7;
    /** Picture parameter set (H.264 §7.3.2.2). */
    public static final int PPS = 8;
    /** Access unit delimiter: when present, the first NAL unit of an access unit (H.264 §7.4.1.2.3). */
    public static final int ACCESS_UNIT_DELIMITER = 9;
    /** H.264's own NAL unit types that a single NAL unit packet may carry (RFC 6184 §5.6). */
    static final int FIRST_SINGLE = 1;
    static final int LAST_SINGLE = 23;
    static final int STAP_A = 24;
    static final int STAP_B = 25;
    static final int MTAP16 = 26;
    static final int MTAP24 = 27;
    static final int FU_A = 28;
    static final int FU_B = 29;

    private NalUnitType() {
    }

    /** The type of the NAL unit whose header byte this is. */
    public static int of(byte header) {
        return header & MASK;
    }
}
