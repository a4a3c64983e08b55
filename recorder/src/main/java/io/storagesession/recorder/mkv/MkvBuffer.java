package io.storagesession.recorder.mkv;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that the MKV writers fill and the caller reads as a view ({@link #array()}, offset 0,
 * {@link #length()}). It is reset before each use and keeps its array, so writing frames allocates nothing once the
 * array has grown to the largest thing written (the recorder's "no allocation per frame" rule). The recorder's
 * fragments are not collected here but in the upload's chunks ({@code putmedia.FragmentBytes}): a buffer keeps the
 * array it grew to, and a fragment's would be as large as the largest fragment, held by every session all along.
 *
 * <p>Not thread-safe: one buffer belongs to one writer, confined to the recorder's thread.
 */
public final class MkvBuffer {
    /** Growth of a buffer that does not say: it doubles. */
    private static final double DOUBLING = 1.0;

    private final double growth;
    private byte[] bytes;
    private int length;

    public MkvBuffer(int initialCapacity) {
        this(initialCapacity, DOUBLING);
    }

    /**
     * @param growth the share of its size a full buffer grows by (1.0 doubles it): a buffer whose first size is a good
     *               guess grows by a small step rather than to twice what it needs
     */
    public MkvBuffer(int initialCapacity, double growth) {
        if (initialCapacity <= 0 || !(growth > 0)) {
            throw new IllegalArgumentException("initial capacity and growth must be positive: " + initialCapacity
                    + ", " + growth);
        }
        this.bytes = new byte[initialCapacity];
        this.growth = growth;
    }

    /** Forgets the content and keeps the array. */
    public void reset() {
        length = 0;
    }

    /** Backing array; bytes {@code [0, length())} are valid until the next write or {@link #reset()}. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Bytes it holds without growing. */
    public int capacity() {
        return bytes.length;
    }

    /** Makes sure {@code capacity} bytes fit without growing (content kept). */
    public void reserve(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, capacity);
        }
    }

    /** A copy of the content, for callers that keep bytes beyond the next write (allocates; not for the frame path). */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    /** Appends {@code other}'s content: a fragment collects its frames' bytes this way until it is complete. */
    public void append(MkvBuffer other) {
        put(other.bytes, 0, other.length);
    }

    void put(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    void put(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** Writes the low {@code count} bytes of {@code value}, most significant first (EBML is big-endian, RFC 8794 §4). */
    void putBigEndian(long value, int count) {
        ensure(count);
        for (int shift = (count - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    /** Overwrites {@code count} bytes at {@code position}, for sizes known only after a master element's content. */
    void patchBigEndian(int position, long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bytes[position + i] = (byte) value;
            value >>>= Byte.SIZE;
        }
    }

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - Byte.SIZE,
                    Math.max(needed, bytes.length + (long) (bytes.length * growth))));
        }
    }
}
