package io.storagesession.mediastore.fmp4;

import java.util.Arrays;

/**
 * A growable big-endian byte buffer the fMP4 writers fill (ISO/IEC 14496-12 stores every integer most significant
 * byte first, §4.2). Boxes are opened with {@link #startBox} and closed with {@link #endBox}, which patches the 32-bit
 * size once the content is known. {@link #reset()} keeps the array, so one buffer per event-loop thread serves every
 * segment after it has grown to the largest fragment: no per-byte overhead and no allocation per request but the
 * response's own copy.
 *
 * <p>Not thread-safe: one buffer belongs to one thread.
 */
public final class Mp4Buffer {
    private static final int GROWTH_FACTOR = 2;
    /** A box header: 32-bit size then the four-character type (14496-12 §4.2). */
    static final int BOX_HEADER_BYTES = 8;
    private static final int FOURCC_BYTES = 4;

    private byte[] bytes;
    private int length;

    public Mp4Buffer(int initialCapacity) {
        if (initialCapacity <= 0) {
            throw new IllegalArgumentException("initial capacity must be positive: " + initialCapacity);
        }
        bytes = new byte[initialCapacity];
    }

    public void reset() {
        length = 0;
    }

    /** Backing array; bytes {@code [0, length())} are valid until the next write or reset. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public int capacity() {
        return bytes.length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Opens a box: writes a placeholder size and the type; returns the box's start for {@link #endBox}. */
    public int startBox(String type) {
        int start = length;
        u32(0);
        fourcc(type);
        return start;
    }

    /** A FullBox (14496-12 §4.2): a box header then version (8 bits) and flags (24 bits). */
    public int startFullBox(String type, int version, int flags) {
        int start = startBox(type);
        u8(version);
        u24(flags);
        return start;
    }

    /** Closes the box opened at {@code start}: its size is everything written since. */
    public void endBox(int start) {
        patchU32(start, length - start);
    }

    public void fourcc(String type) {
        if (type.length() != FOURCC_BYTES) {
            throw new IllegalArgumentException("box types are four characters: " + type);
        }
        ensure(FOURCC_BYTES);
        for (int i = 0; i < FOURCC_BYTES; i++) {
            bytes[length++] = (byte) type.charAt(i);
        }
    }

    public void u8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    public void u16(int value) {
        putBigEndian(value, Short.BYTES);
    }

    public void u24(int value) {
        putBigEndian(value, 3);
    }

    public void u32(long value) {
        putBigEndian(value, Integer.BYTES);
    }

    public void u64(long value) {
        putBigEndian(value, Long.BYTES);
    }

    public void zeros(int count) {
        ensure(count);
        Arrays.fill(bytes, length, length + count, (byte) 0);
        length += count;
    }

    public void bytes(byte[] source) {
        bytes(source, 0, source.length);
    }

    public void bytes(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    public void patchU32(int position, long value) {
        for (int i = Integer.BYTES - 1; i >= 0; i--) {
            bytes[position + i] = (byte) value;
            value >>>= Byte.SIZE;
        }
    }

    private void putBigEndian(long value, int count) {
        ensure(count);
        for (int shift = (count - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * GROWTH_FACTOR));
        }
    }
}
