package io.storagesession.webrtc.srtp;

import java.util.Arrays;

/**
 * Per-SSRC state by SSRC, at most a fixed number. A linear scan over a few dozen ints beats hashing here and, unlike
 * a map keyed by {@code Integer}, never allocates on lookup.
 */
final class SsrcContexts<T> {
    private final int[] ssrcs;
    private final Object[] contexts;
    private int size;

    SsrcContexts(int capacity) {
        ssrcs = new int[capacity];
        contexts = new Object[capacity];
    }

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        for (int i = 0; i < size; i++) {
            if (ssrcs[i] == ssrc) {
                return (T) contexts[i];
            }
        }
        return null;
    }

    boolean isFull() {
        return size == ssrcs.length;
    }

    /** Adds a context for an SSRC not yet present; the caller checked {@link #isFull()}. */
    void put(int ssrc, T context) {
        ssrcs[size] = ssrc;
        contexts[size] = context;
        size++;
    }

    void clear() {
        Arrays.fill(contexts, null);
        size = 0;
    }
}
