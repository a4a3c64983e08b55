package io.storagesession.recorder.putmedia;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The one pool of fragment chunks: every recording writes its fragments into chains of these fixed-size arrays
 * ({@link FragmentBytes}), and every upload gives a fragment's chunks back once the fragment has left its resend
 * buffer — PERSISTED, or given up for good — and nothing can read them any more. Why chunks rather than one array per
 * fragment: an array sized for the largest fragment (with headroom) is held whole from a fragment's first frame, while
 * a chain takes a chunk only when the previous one is full, so a session holds about what it has written — half a
 * fragment on average, not the largest one — and the memory of a session that stops shrinks back to the pool at once.
 *
 * <p>Taken on the session executors, given back on the uploads' contexts: a bounded set of slots taken and filled with
 * compare-and-set, so neither side allocates or locks (the recorder's "no allocation per frame or fragment in steady
 * state"). A chunk is made only when none is free; one given back while {@code max-free-chunks} are free is let go.
 *
 * <p>One per server, shared by every recording and upload (settings {@code recorder.put-media.fragment-chunks}).
 */
public final class ChunkPool {
    private final int chunkBytes;
    private final AtomicReferenceArray<byte[]> free;

    /**
     * @param chunkBytes the size of every chunk
     * @param maxFree    chunks kept while unused; 0 keeps none (every chunk is made anew)
     */
    public ChunkPool(int chunkBytes, int maxFree) {
        if (chunkBytes <= 0 || maxFree < 0) {
            throw new IllegalArgumentException("put-media.fragment-chunks: size must be positive and max-free-chunks "
                    + ">= 0, not " + chunkBytes + " and " + maxFree);
        }
        this.chunkBytes = chunkBytes;
        this.free = new AtomicReferenceArray<>(maxFree);
    }

    /** As {@code recorder.put-media.fragment-chunks} says. */
    public static ChunkPool from(PutMediaSettings settings) {
        return new ChunkPool(settings.fragmentChunks().chunkBytes(), settings.fragmentChunks().maxFree());
    }

    /** The size of every chunk. */
    public int chunkBytes() {
        return chunkBytes;
    }

    /** A free chunk, or a new one when none is free. Its content is whatever it held before. */
    public byte[] take() {
        for (int i = 0; i < free.length(); i++) {
            byte[] chunk = free.get(i);
            if (chunk != null && free.compareAndSet(i, chunk, null)) {
                return chunk;
            }
        }
        return new byte[chunkBytes];
    }

    /**
     * Gives {@code chunk} back: nothing may read or write it afterwards. A chunk already free is refused (it would be
     * handed to two fragments at once); one beyond the cap is let go.
     */
    public void give(byte[] chunk) {
        if (chunk.length != chunkBytes) {
            throw new IllegalArgumentException("not a chunk of this pool: " + chunk.length + " bytes");
        }
        int empty = -1;
        for (int i = 0; i < free.length(); i++) {
            byte[] kept = free.get(i);
            if (kept == chunk) {
                throw new IllegalStateException("a fragment chunk was given back twice");
            }
            if (kept == null && empty < 0) {
                empty = i;
            }
        }
        for (int i = Math.max(empty, 0); empty >= 0 && i < free.length(); i++) {
            if (free.get(i) == null && free.compareAndSet(i, null, chunk)) {
                return;
            }
        }
    }

    /** Chunks free now, for tests. */
    public int freeCount() {
        int n = 0;
        for (int i = 0; i < free.length(); i++) {
            n += free.get(i) == null ? 0 : 1;
        }
        return n;
    }
}
