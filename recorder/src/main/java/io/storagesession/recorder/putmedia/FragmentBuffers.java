package io.storagesession.recorder.putmedia;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The arrays that hold fragments until they are PERSISTED, kept for the next fragments instead of made anew for each
 * (a fragment is about 250 KB at 1 Mbit/s). Taken on the session executor when a fragment is handed over, given back
 * on the upload's context when it leaves the resend buffer; a handful of slots taken and filled with compare-and-set,
 * so neither side allocates or locks. An array is made only when no kept one is large enough — with some headroom, so
 * the kept arrays soon fit every fragment — and one larger than {@code max-retained-size} is not kept.
 *
 * <p>One per server, shared by every upload (settings {@code recorder.put-media.fragment-buffers}).
 */
public final class FragmentBuffers {
    /** A new array is this much larger than asked for, in eighths (1/4 more), so that the next fragments fit it. */
    private static final int HEADROOM_EIGHTHS = 10;
    private static final int EIGHTHS = 8;

    private final AtomicReferenceArray<byte[]> kept;
    private final int maxRetainedBytes;

    public FragmentBuffers(int slots, int maxRetainedBytes) {
        if (slots < 0 || maxRetainedBytes < 0) {
            throw new IllegalArgumentException("fragment-buffers: slots and max-retained-size must be >= 0");
        }
        this.kept = new AtomicReferenceArray<>(slots);
        this.maxRetainedBytes = maxRetainedBytes;
    }

    /** As {@code recorder.put-media.fragment-buffers} says. */
    public static FragmentBuffers from(PutMediaSettings settings) {
        return new FragmentBuffers(settings.fragmentBuffers().slots(), settings.fragmentBuffers().maxRetainedBytes());
    }

    /** An array of at least {@code length} bytes, kept or new. */
    public byte[] take(int length) {
        for (int i = 0; i < kept.length(); i++) {
            byte[] b = kept.get(i);
            if (b != null && b.length >= length && kept.compareAndSet(i, b, null)) {
                return b;
            }
        }
        // None fits: make one with headroom, and drop a kept one too small for this fragment to make room for it.
        for (int i = 0; i < kept.length(); i++) {
            byte[] b = kept.get(i);
            if (b != null && b.length < length && kept.compareAndSet(i, b, null)) {
                break;
            }
        }
        return new byte[(int) Math.min(Integer.MAX_VALUE - EIGHTHS, (long) length * HEADROOM_EIGHTHS / EIGHTHS)];
    }

    /** Gives {@code array} back: nothing may use it afterwards. */
    public void give(byte[] array) {
        if (array.length > maxRetainedBytes) {
            return;
        }
        for (int i = 0; i < kept.length(); i++) {
            if (kept.get(i) == null && kept.compareAndSet(i, null, array)) {
                return;
            }
        }
    }

    /** Arrays kept now, for tests. */
    int keptCount() {
        int n = 0;
        for (int i = 0; i < kept.length(); i++) {
            n += kept.get(i) == null ? 0 : 1;
        }
        return n;
    }
}
