package io.storagesession.recorder.mkv;

import io.storagesession.codecs.mkv.MatroskaIds;
import java.nio.charset.StandardCharsets;

/**
 * EBML (RFC 8794) as the MKV writers need it: the EBML header's element IDs, variable-size integers for element
 * sizes (RFC 8794 §4), and writers for the element types of RFC 8794 §7 into a reusable {@link MkvBuffer}.
 * The Matroska element IDs are in {@link MatroskaIds}.
 */
public final class Ebml {
    /** RFC 8794 §11.2.1 EBML header and its children (§11.2.2–§11.2.8). */
    public static final int EBML = 0x1A45DFA3;
    public static final int EBML_VERSION = 0x4286;
    public static final int EBML_READ_VERSION = 0x42F7;
    public static final int EBML_MAX_ID_LENGTH = 0x42F2;
    public static final int EBML_MAX_SIZE_LENGTH = 0x42F3;
    public static final int DOC_TYPE = 0x4282;
    public static final int DOC_TYPE_VERSION = 0x4287;
    public static final int DOC_TYPE_READ_VERSION = 0x4285;

    /** RFC 8794 §6.2: a size of 8 octets with every value bit set means "unknown size" (Segment, Cluster). */
    public static final long UNKNOWN_SIZE = 0x01FFFFFFFFFFFFFFL;
    /** RFC 8794 §4.4: a VINT is 1 to 8 octets; each octet carries 7 value bits plus one marker/length bit. */
    public static final int MAX_VINT_LENGTH = 8;
    private static final int VALUE_BITS_PER_OCTET = 7;
    /**
     * Masters whose size is known only after their content is written get a size field of this many octets, patched
     * afterwards; RFC 8794 §4.4 allows a VINT longer than needed. Four octets hold 2^28 − 2 bytes, far above a header.
     */
    static final int PATCHED_SIZE_LENGTH = 4;
    /** RFC 8794 §7.3: a Float element is 4 or 8 octets; this writer always uses the 8-octet (double) form. */
    private static final int FLOAT_LENGTH = Double.BYTES;

    private Ebml() {
    }

    /** Octets of a VINT holding {@code value} (RFC 8794 §4.4); the all-ones value of each length is reserved. */
    public static int vintLength(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("EBML sizes are unsigned: " + value);
        }
        for (int length = 1; length <= MAX_VINT_LENGTH; length++) {
            if (value < (1L << (VALUE_BITS_PER_OCTET * length)) - 1) {
                return length;
            }
        }
        throw new IllegalArgumentException("too large for an EBML VINT: " + value);
    }

    /** Writes {@code value} as a VINT of the shortest length (RFC 8794 §4). */
    public static void writeVint(MkvBuffer out, long value) {
        writeVint(out, value, vintLength(value));
    }

    /** Writes {@code value} as a VINT of exactly {@code length} octets: the marker bit, then the value bits. */
    public static void writeVint(MkvBuffer out, long value, int length) {
        long marker = 1L << (VALUE_BITS_PER_OCTET * length);
        out.putBigEndian(marker | value, length);
    }

    /** The 8-octet unknown size (RFC 8794 §6.2), for masters that end where the next higher-level element begins. */
    public static void writeUnknownSize(MkvBuffer out) {
        out.putBigEndian(UNKNOWN_SIZE, MAX_VINT_LENGTH);
    }

    /**
     * Overwrites an 8-octet size written by {@link #writeUnknownSize} with the element's actual {@code size}, once
     * its content is complete: a reader then knows where the element ends without waiting for the next one.
     */
    public static void patchSize(byte[] buf, int sizeOffset, long size) {
        long vint = sizeVint(size);
        for (int i = MAX_VINT_LENGTH - 1; i >= 0; i--) {
            buf[sizeOffset + i] = (byte) vint;
            vint >>>= Byte.SIZE;
        }
    }

    /**
     * The 8-octet VINT of {@code size} (RFC 8794 §4.4), to overwrite an unknown size with where the element's bytes
     * are not in one array ({@link #patchSize} for those that are).
     */
    public static long sizeVint(long size) {
        if (size < 0 || size >= UNKNOWN_SIZE - (1L << (VALUE_BITS_PER_OCTET * MAX_VINT_LENGTH))) {
            throw new IllegalArgumentException("an 8-octet EBML size holds 0.." + (1L << 56) + ", not " + size);
        }
        return 1L << (VALUE_BITS_PER_OCTET * MAX_VINT_LENGTH) | size;
    }

    /** Element IDs are written as they are defined, marker bits included (RFC 8794 §5). */
    public static void writeId(MkvBuffer out, int id) {
        out.putBigEndian(id, idLength(id));
    }

    static int idLength(int id) {
        return (Integer.SIZE - Integer.numberOfLeadingZeros(id) + Byte.SIZE - 1) / Byte.SIZE;
    }

    /** Unsigned Integer element in the fewest octets (RFC 8794 §7.2). */
    public static void writeUnsigned(MkvBuffer out, int id, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("unsigned element 0x" + Integer.toHexString(id) + " got " + value);
        }
        int length = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + Byte.SIZE - 1) / Byte.SIZE);
        writeId(out, id);
        writeVint(out, length);
        out.putBigEndian(value, length);
    }

    /** Signed Integer element, two's complement in the fewest octets (RFC 8794 §7.1). */
    public static void writeSigned(MkvBuffer out, int id, long value) {
        int length = 1;
        while (length < Long.BYTES && (value < -(1L << (Byte.SIZE * length - 1)) || value >= 1L << (Byte.SIZE * length - 1))) {
            length++;
        }
        writeId(out, id);
        writeVint(out, length);
        out.putBigEndian(value, length);
    }

    /** Float element as an 8-octet IEEE 754 double (RFC 8794 §7.3). */
    public static void writeFloat(MkvBuffer out, int id, double value) {
        writeId(out, id);
        writeVint(out, FLOAT_LENGTH);
        out.putBigEndian(Double.doubleToLongBits(value), FLOAT_LENGTH);
    }

    /** String (ASCII, RFC 8794 §7.4) or UTF-8 (§7.5) element; callers that write often pass pre-encoded bytes. */
    public static void writeString(MkvBuffer out, int id, String value) {
        writeBinary(out, id, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary element (RFC 8794 §7.8). */
    public static void writeBinary(MkvBuffer out, int id, byte[] value) {
        writeBinary(out, id, value, 0, value.length);
    }

    public static void writeBinary(MkvBuffer out, int id, byte[] value, int offset, int length) {
        writeId(out, id);
        writeVint(out, length);
        out.put(value, offset, length);
    }

    /**
     * Starts a master element whose size is patched by {@link #endMaster}; returns where the size field is.
     * The size field is {@value #PATCHED_SIZE_LENGTH} octets (RFC 8794 §4.4 permits the longer encoding).
     */
    public static int startMaster(MkvBuffer out, int id) {
        writeId(out, id);
        int sizePosition = out.length();
        out.putBigEndian(0, PATCHED_SIZE_LENGTH);
        return sizePosition;
    }

    /** Patches the size of the master started at {@code sizePosition} to cover everything written since. */
    public static void endMaster(MkvBuffer out, int sizePosition) {
        long size = out.length() - sizePosition - PATCHED_SIZE_LENGTH;
        if (vintLength(size) > PATCHED_SIZE_LENGTH) {
            throw new IllegalStateException("master element too large for its size field: " + size + " bytes");
        }
        out.patchBigEndian(sizePosition, (1L << (VALUE_BITS_PER_OCTET * PATCHED_SIZE_LENGTH)) | size,
                PATCHED_SIZE_LENGTH);
    }

    /** Starts a master of unknown size (RFC 8794 §6.2): Segment and Cluster, which PutMedia streams without end. */
    public static void startUnknownSizeMaster(MkvBuffer out, int id) {
        writeId(out, id);
        writeUnknownSize(out);
    }

}
