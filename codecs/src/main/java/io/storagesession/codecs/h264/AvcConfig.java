package io.storagesession.codecs.h264;

import java.util.Arrays;

/**
 * The stream's current parameter sets and the AVCDecoderConfigurationRecord ("avcC") built from them, which Matroska
 * stores as the CodecPrivate of a {@code V_MPEG4/ISO/AVC} track (ISO/IEC 14496-15 §5.2.4.1; §5.3.3.1 in later
 * editions). WebRTC senders repeat SPS and PPS in band before each IDR picture; {@link #accept} takes them from the
 * emitted access units and says when either changed, because a new avcC (a new picture size, say) needs a new stream
 * header in the recording.
 *
 * <p>One SPS and one PPS are tracked, the latest of each: libwebrtc and OpenH264 use id 0 for both. An SPS that does
 * not parse, or a parameter set too long for avcC's 16-bit length, is ignored and counted. Buffers grow to the
 * parameter sets' size once and are reused; building the record allocates only when the caller asks for a new array.
 *
 * <p>The static readers take a stored record (a track's CodecPrivate, possibly from an untrusted upload) apart without
 * allocating: its profile and level bytes (RFC 6381 §3.3 names a stream by them) and its parameter sets, which a
 * transport stream must carry in band (ISO/IEC 14496-10 Annex B).
 */
public final class AvcConfig {
    /** configurationVersion (§5.2.4.1.2). */
    private static final int VERSION = 1;
    /** Six reserved 1-bits, then lengthSizeMinusOne = 3: the 4-byte prefixes {@link AccessUnit} writes. */
    private static final int LENGTH_SIZE_BYTE = 0xFC | (AccessUnit.LENGTH_PREFIX_BYTES - 1);
    /** Three reserved 1-bits, then numOfSequenceParameterSets. */
    private static final int SPS_COUNT_RESERVED = 0xE0;
    /** High-profile extension: reserved bits above chroma_format (6 bits) and the bit depths (5 bits). */
    private static final int CHROMA_FORMAT_RESERVED = 0xFC;
    private static final int BIT_DEPTH_RESERVED = 0xF8;
    /** Profiles whose record carries the chroma and bit depth extension (14496-15 §5.2.4.1.1). */
    private static final int[] EXTENDED_PROFILES = {100, 110, 122, 144};
    /** Fixed bytes: version, profile, compatibility, level, length size, SPS count and length, PPS count and length. */
    private static final int FIXED_BYTES = 11;
    /** chroma_format, bit_depth_luma_minus8, bit_depth_chroma_minus8, numOfSequenceParameterSetExt. */
    private static final int EXTENSION_BYTES = 4;
    private static final int MAX_PARAMETER_SET_BYTES = 0xFFFF;
    /** sequenceParameterSetLength and pictureParameterSetLength are 16 bits. */
    private static final int PARAMETER_SET_LENGTH_BYTES = 2;
    /** An SPS holds at least its header, profile, compatibility and level bytes. */
    private static final int MIN_SPS_BYTES = 4;
    /** A PPS holds at least its header and the ids (§7.3.2.2). */
    private static final int MIN_PPS_BYTES = 2;
    private static final int MAX_PPS_ID = 255;
    private static final int MAX_SPS_ID = 31;
    private static final int INITIAL_BYTES = 64;
    private static final int PROFILE_OFFSET = 1;
    private static final int COMPATIBILITY_OFFSET = 2;
    private static final int LEVEL_OFFSET = 3;
    /**
     * A record's configurationVersion, AVCProfileIndication, profile_compatibility and AVCLevelIndication: the bytes
     * a record needs for {@link #profileIndication}, {@link #profileCompatibility} and {@link #levelIndication}.
     */
    public static final int RECORD_HEAD_BYTES = 4;
    private static final int RECORD_PROFILE = 1;
    private static final int RECORD_COMPATIBILITY = 2;
    private static final int RECORD_LEVEL = 3;
    /** Where numOfSequenceParameterSets sits (after the length size byte), and its 5-bit mask. */
    private static final int RECORD_SPS_COUNT = 5;
    private static final int SPS_COUNT_MASK = 0x1F;
    private static final int BYTE_MASK = 0xFF;

    /** Receives one parameter set of a record: {@code length} bytes of {@code record} from {@code offset}. */
    @FunctionalInterface
    public interface ParameterSetSink {
        void parameterSet(byte[] record, int offset, int length);
    }

    private final H264Counters counters;
    private final SequenceParameterSet sps = new SequenceParameterSet();
    private final SequenceParameterSet candidate = new SequenceParameterSet();
    private final RbspReader ppsReader = new RbspReader();
    private byte[] spsBytes = new byte[INITIAL_BYTES];
    private int spsLength;
    private byte[] ppsBytes = new byte[INITIAL_BYTES];
    private int ppsLength;

    public AvcConfig(H264Counters counters) {
        this.counters = counters;
    }

    /**
     * Takes the SPS and PPS NAL units of an emitted access unit; returns whether the configuration changed (then the
     * recorder needs a new track header before this access unit).
     */
    public boolean accept(AccessUnit unit) {
        boolean changed = false;
        byte[] data = unit.data();
        int p = 0;
        while (p + AccessUnit.LENGTH_PREFIX_BYTES < unit.length()) {
            int len = unit.nalUnitLength(p);
            p += AccessUnit.LENGTH_PREFIX_BYTES;
            changed |= accept(data, p, len);
            p += len;
        }
        return changed;
    }

    /** Takes one NAL unit (header byte first); anything but an SPS or PPS is ignored. Returns whether it changed. */
    public boolean accept(byte[] nal, int off, int len) {
        if (len < 1) {
            return false;
        }
        int type = NalUnitType.of(nal[off]);
        if (type == NalUnitType.SPS) {
            return acceptSps(nal, off, len);
        }
        if (type == NalUnitType.PPS) {
            return acceptPps(nal, off, len);
        }
        return false;
    }

    /** Both an SPS and a PPS are known: {@link #writeRecord} can build the avcC record. */
    public boolean ready() {
        return spsLength > 0 && ppsLength > 0;
    }

    /** The current SPS's fields (width, height, profile); {@link SequenceParameterSet#valid()} is false before one. */
    public SequenceParameterSet sps() {
        return sps;
    }

    /** Bytes of the avcC record, or 0 when not {@link #ready()}. */
    public int recordLength() {
        if (!ready()) {
            return 0;
        }
        return FIXED_BYTES + spsLength + ppsLength + (extended() ? EXTENSION_BYTES : 0);
    }

    /** Writes the avcC record at {@code off} (room for {@link #recordLength()} bytes); returns the bytes written. */
    public int writeRecord(byte[] out, int off) {
        if (!ready()) {
            return 0;
        }
        int p = off;
        out[p++] = VERSION;
        out[p++] = spsBytes[PROFILE_OFFSET];
        out[p++] = spsBytes[COMPATIBILITY_OFFSET];
        out[p++] = spsBytes[LEVEL_OFFSET];
        out[p++] = (byte) LENGTH_SIZE_BYTE;
        out[p++] = (byte) (SPS_COUNT_RESERVED | 1);
        p = writeParameterSet(out, p, spsBytes, spsLength);
        out[p++] = 1;
        p = writeParameterSet(out, p, ppsBytes, ppsLength);
        if (extended()) {
            out[p++] = (byte) (CHROMA_FORMAT_RESERVED | sps.chromaFormatIdc());
            out[p++] = (byte) (BIT_DEPTH_RESERVED | (sps.bitDepthLuma() - Byte.SIZE));
            out[p++] = (byte) (BIT_DEPTH_RESERVED | (sps.bitDepthChroma() - Byte.SIZE));
            out[p++] = 0;
        }
        return p - off;
    }

    /** The avcC record in a new array (for a track header, once per change), or an empty one when not ready. */
    public byte[] record() {
        byte[] out = new byte[recordLength()];
        writeRecord(out, 0);
        return out;
    }

    /** AVCProfileIndication of a record of at least {@link #RECORD_HEAD_BYTES}: the SPS's profile_idc. */
    public static int profileIndication(byte[] record) {
        return record[RECORD_PROFILE] & BYTE_MASK;
    }

    /** profile_compatibility of a record: the SPS's constraint_set flags. */
    public static int profileCompatibility(byte[] record) {
        return record[RECORD_COMPATIBILITY] & BYTE_MASK;
    }

    /** AVCLevelIndication of a record: the SPS's level_idc. */
    public static int levelIndication(byte[] record) {
        return record[RECORD_LEVEL] & BYTE_MASK;
    }

    /**
     * Hands each SPS, then each PPS, of a stored record to {@code sink}, in order (§5.3.3.1). A record too short to
     * hold the counts yields nothing; a truncated list stops at the last parameter set that fits whole, so a hostile
     * record never makes the sink read past its end.
     */
    public static void forEachParameterSet(byte[] record, ParameterSetSink sink) {
        if (record.length <= RECORD_SPS_COUNT) {
            return;
        }
        int at = RECORD_SPS_COUNT;
        int spsCount = record[at++] & SPS_COUNT_MASK;
        at = parameterSets(record, at, spsCount, sink);
        if (at < record.length) {
            int ppsCount = record[at++] & BYTE_MASK;
            parameterSets(record, at, ppsCount, sink);
        }
    }

    /** {@code count} length-prefixed parameter sets from {@code at}; returns where the list ended (or the end). */
    private static int parameterSets(byte[] record, int at, int count, ParameterSetSink sink) {
        int p = at;
        for (int i = 0; i < count && p + PARAMETER_SET_LENGTH_BYTES <= record.length; i++) {
            int n = ((record[p] & BYTE_MASK) << Byte.SIZE) | (record[p + 1] & BYTE_MASK);
            p += PARAMETER_SET_LENGTH_BYTES;
            if (p + n > record.length) {
                return record.length;
            }
            sink.parameterSet(record, p, n);
            p += n;
        }
        return p;
    }

    private boolean acceptSps(byte[] nal, int off, int len) {
        if (len == spsLength && Arrays.equals(nal, off, off + len, spsBytes, 0, len)) {
            return false;
        }
        if (len < MIN_SPS_BYTES || len > MAX_PARAMETER_SET_BYTES || !candidate.parse(nal, off, len)) {
            counters.parameterSetsMalformed++;
            return false;
        }
        sps.copyFrom(candidate);
        spsBytes = store(spsBytes, nal, off, len);
        spsLength = len;
        return true;
    }

    private boolean acceptPps(byte[] nal, int off, int len) {
        if (len == ppsLength && Arrays.equals(nal, off, off + len, ppsBytes, 0, len)) {
            return false;
        }
        if (len < MIN_PPS_BYTES || len > MAX_PARAMETER_SET_BYTES) {
            counters.parameterSetsMalformed++;
            return false;
        }
        ppsReader.reset(nal, off + 1, len - 1);
        int ppsId = ppsReader.ue();
        int spsId = ppsReader.ue();
        if (ppsReader.overrun() || ppsId > MAX_PPS_ID || spsId > MAX_SPS_ID) {
            counters.parameterSetsMalformed++;
            return false;
        }
        ppsBytes = store(ppsBytes, nal, off, len);
        ppsLength = len;
        return true;
    }

    private boolean extended() {
        int profile = spsBytes[PROFILE_OFFSET] & 0xFF;
        for (int p : EXTENDED_PROFILES) {
            if (p == profile) {
                return true;
            }
        }
        return false;
    }

    private static byte[] store(byte[] target, byte[] nal, int off, int len) {
        byte[] t = target.length >= len ? target : new byte[len];
        System.arraycopy(nal, off, t, 0, len);
        return t;
    }

    private static int writeParameterSet(byte[] out, int p, byte[] bytes, int len) {
        out[p] = (byte) (len >>> Byte.SIZE);
        out[p + 1] = (byte) len;
        System.arraycopy(bytes, 0, out, p + PARAMETER_SET_LENGTH_BYTES, len);
        return p + PARAMETER_SET_LENGTH_BYTES + len;
    }
}
