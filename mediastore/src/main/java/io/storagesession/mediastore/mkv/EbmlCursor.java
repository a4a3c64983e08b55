package io.storagesession.mediastore.mkv;

import java.nio.charset.StandardCharsets;

/**
 * Walks the child elements of one EBML master held whole in memory (RFC 8794 §4–§7): each {@link #next()} reads an
 * element ID and a size and checks that the element fits its parent, so a forged size can never make a reader look
 * outside the array. Unknown sizes (RFC 8794 §6.2) are refused here: only the streaming parser accepts them, for
 * Segment and Cluster.
 */
public final class EbmlCursor {
    /** RFC 8794 §5: Element IDs are 1 to 4 octets ("EBMLMaxIDLength" 4 in Matroska). */
    public static final int MAX_ID_LENGTH = 4;
    /** RFC 8794 §4: a VINT is 1 to 8 octets. */
    public static final int MAX_SIZE_LENGTH = 8;
    private static final int OCTET = 0xFF;
    private static final int FLOAT32_LENGTH = 4;
    private static final int FLOAT64_LENGTH = 8;

    private final byte[] bytes;
    private final int end;
    private int position;
    private int id;
    private int dataStart;
    private int dataSize;
    private int elementStart;

    public EbmlCursor(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = start;
        this.end = end;
    }

    /** Moves to the next child; false at the end of the parent. */
    public boolean next() throws MkvException {
        if (position >= end) {
            return false;
        }
        elementStart = position;
        int idLength = idLength(bytes[position] & OCTET);
        if (idLength < 0 || position + idLength > end) {
            throw MkvException.invalid("malformed element ID at offset " + position);
        }
        id = (int) readBigEndian(bytes, position, idLength);
        position += idLength;
        if (position >= end) {
            throw MkvException.invalid("element 0x" + Integer.toHexString(id) + " has no size");
        }
        int sizeLength = vintLength(bytes[position] & OCTET);
        if (sizeLength < 0 || position + sizeLength > end) {
            throw MkvException.invalid("malformed element size at offset " + position);
        }
        long size = vintValue(bytes, position, sizeLength);
        position += sizeLength;
        if (size == unknownSize(sizeLength) || size > end - position) {
            throw MkvException.invalid("element 0x" + Integer.toHexString(id) + " of " + size
                    + " bytes does not fit its parent");
        }
        dataStart = position;
        dataSize = (int) size;
        position += dataSize;
        return true;
    }

    public int id() {
        return id;
    }

    public int dataStart() {
        return dataStart;
    }

    public int dataSize() {
        return dataSize;
    }

    /** Where the current element's ID begins. */
    public int elementStart() {
        return elementStart;
    }

    /** A cursor over the current element's children. */
    public EbmlCursor children() {
        return new EbmlCursor(bytes, dataStart, dataStart + dataSize);
    }

    /** RFC 8794 §7.2: an unsigned integer of 0 to 8 octets. */
    public long unsigned() throws MkvException {
        if (dataSize > Long.BYTES) {
            throw MkvException.invalid("unsigned element 0x" + Integer.toHexString(id) + " of " + dataSize + " bytes");
        }
        return readBigEndian(bytes, dataStart, dataSize);
    }

    /** RFC 8794 §7.3: a float of 0, 4 or 8 octets. */
    public double floatValue() throws MkvException {
        if (dataSize == 0) {
            return 0;
        }
        if (dataSize == FLOAT32_LENGTH) {
            return Float.intBitsToFloat((int) readBigEndian(bytes, dataStart, dataSize));
        }
        if (dataSize == FLOAT64_LENGTH) {
            return Double.longBitsToDouble(readBigEndian(bytes, dataStart, dataSize));
        }
        throw MkvException.invalid("float element 0x" + Integer.toHexString(id) + " of " + dataSize + " bytes");
    }

    /** RFC 8794 §7.4/§7.5: ASCII or UTF-8, ending at the first zero octet if any. */
    public String string() {
        int length = 0;
        while (length < dataSize && bytes[dataStart + length] != 0) {
            length++;
        }
        return new String(bytes, dataStart, length, StandardCharsets.UTF_8);
    }

    public byte[] binary() {
        byte[] copy = new byte[dataSize];
        System.arraycopy(bytes, dataStart, copy, 0, dataSize);
        return copy;
    }

    /** Octets of an element ID given its first octet, or -1 when the first octet cannot start one (RFC 8794 §5). */
    public static int idLength(int first) {
        int length = Integer.numberOfLeadingZeros(first & OCTET) - (Integer.SIZE - Byte.SIZE) + 1;
        return length <= MAX_ID_LENGTH ? length : -1;
    }

    /** Octets of a VINT given its first octet, or -1 for the invalid 0x00 (RFC 8794 §4.1). */
    public static int vintLength(int first) {
        int length = Integer.numberOfLeadingZeros(first & OCTET) - (Integer.SIZE - Byte.SIZE) + 1;
        return length <= MAX_SIZE_LENGTH ? length : -1;
    }

    /** The value of a VINT, its length marker removed. */
    public static long vintValue(byte[] bytes, int offset, int length) {
        long value = bytes[offset] & (OCTET >> length);
        for (int i = 1; i < length; i++) {
            value = (value << Byte.SIZE) | (bytes[offset + i] & OCTET);
        }
        return value;
    }

    /** The value a VINT of {@code length} octets has when every value bit is set: "unknown size" (RFC 8794 §6.2). */
    public static long unknownSize(int length) {
        return (1L << (7 * length)) - 1;
    }

    public static long readBigEndian(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << Byte.SIZE) | (bytes[offset + i] & OCTET);
        }
        return value;
    }
}
