package io.storagesession.recorder.putmedia;

import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes of one fragment (its Tags and Cluster, KVS-WIRE.md §5) in a chain of fixed-size chunks from the shared
 * {@link ChunkPool}: what the recorder writes a fragment into and what the upload keeps, resends and finally gives
 * back. A chunk is taken only when the previous one is full, so a chain holds at most one chunk more than it has
 * written; the recorder hands a complete fragment to its upload by moving the chunks ({@link #moveTo}), not copying
 * them, and the upload gives them back ({@link #release}) once the fragment is PERSISTED or given up.
 *
 * <p>One object is reused for fragment after fragment (the recorder's one being written, each pending fragment
 * record of an upload): the chunk table grows only when a fragment needs more chunks than any before it, so a steady
 * recording allocates nothing per fragment. Not thread-safe: it belongs to one thread at a time, and its chunks change
 * owner only through {@link #moveTo}, across a hand-off that orders the two threads (the task that takes a fragment to
 * the upload's context).
 */
public final class FragmentBytes {
    /** Chunks the table holds before it first grows: 128 KiB at 16 KiB chunks, doubled when a fragment needs more. */
    private static final int INITIAL_CHUNKS = 8;

    private final ChunkPool pool;
    private final int chunkBytes;
    private byte[][] chunks = new byte[INITIAL_CHUNKS][];
    private int chunkCount;
    private int length;

    public FragmentBytes(ChunkPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.chunkBytes = pool.chunkBytes();
    }

    /** Bytes written. */
    public int length() {
        return length;
    }

    /** Bytes of the chunks it holds: what it costs, at most one chunk more than {@link #length()}. */
    public int heldBytes() {
        return chunkCount * chunkBytes;
    }

    /** Appends {@code source[offset, offset + count)}, taking a chunk from the pool whenever the last one is full. */
    public void write(byte[] source, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        while (count > 0) {
            int inChunk = length % chunkBytes;
            if (inChunk == 0 && length == chunkCount * chunkBytes) {
                addChunk(pool.take());
            }
            int n = Math.min(count, chunkBytes - inChunk);
            System.arraycopy(source, offset, chunks[length / chunkBytes], inChunk, n);
            offset += n;
            count -= n;
            length += n;
        }
    }

    /**
     * Overwrites the {@code count} bytes at {@code position} with the low {@code count} bytes of {@code value}, most
     * significant first (EBML is big-endian, RFC 8794 §4), wherever the chunks end: for a size known only once the
     * element's content is written, the Cluster's (see {@code Ebml.sizeVint}).
     */
    public void overwriteBigEndian(int position, long value, int count) {
        Objects.checkFromIndexSize(position, count, length);
        for (int i = position + count - 1; i >= position; i--) {
            chunks[i / chunkBytes][i % chunkBytes] = (byte) value;
            value >>>= Byte.SIZE;
        }
    }

    /**
     * Moves every chunk to {@code target}, which must be empty and of the same pool, and starts over empty: the
     * fragment changes owner without a copy.
     */
    public void moveTo(FragmentBytes target) {
        if (target.chunkCount != 0 || target.pool != pool || target == this) {
            throw new IllegalArgumentException("moving a fragment's chunks needs an empty chain of the same pool");
        }
        for (int i = 0; i < chunkCount; i++) {
            target.addChunk(chunks[i]);
            chunks[i] = null;
        }
        target.length = length;
        chunkCount = 0;
        length = 0;
    }

    /** Gives every chunk back to the pool and starts over empty; nothing may read the chunks afterwards. */
    public void release() {
        for (int i = 0; i < chunkCount; i++) {
            byte[] chunk = chunks[i];
            chunks[i] = null;
            pool.give(chunk);
        }
        chunkCount = 0;
        length = 0;
    }

    /** A copy of the bytes in one array, for tests and tools (allocates: not for the media path). */
    public byte[] toByteArray() {
        byte[] copy = new byte[length];
        for (int i = 0; i < chunkCount; i++) {
            System.arraycopy(chunks[i], 0, copy, i * chunkBytes, chunkLength(i));
        }
        return copy;
    }

    int chunkCount() {
        return chunkCount;
    }

    /** Chunk {@code index}, whose bytes {@code [0, chunkLength(index))} are the fragment's. */
    byte[] chunk(int index) {
        return chunks[index];
    }

    int chunkLength(int index) {
        return Math.min(chunkBytes, length - index * chunkBytes);
    }

    private void addChunk(byte[] chunk) {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        chunks[chunkCount++] = chunk;
    }
}
