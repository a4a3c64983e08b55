package io.storagesession.recorder.putmedia;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The one pool of fragment arrays: the recorder writes each fragment straight into an array taken here, hands that
 * array to its upload without a copy, and the upload gives it back once the fragment has left its resend buffer —
 * PERSISTED, or given up for good — and nothing can read it any more (a resend after a failure reads the array the
 * upload still holds). So a steady recording makes no array per fragment (a fragment is about 250 KB at 1 Mbit/s, one
 * every 2 s per session). Taken on the session executor, given back on the upload's context; a handful of slots
 * taken and filled with compare-and-set, so neither side allocates or locks. An array is made only when no kept one
 * is large enough — with {@code headroom}, so the kept arrays soon fit every fragment — and one larger than
 * {@code max-retained-size} is not kept.
 *
 * <p>One per server, shared by every recording and upload (settings {@code recorder.put-media.fragment-buffers}).
 */
public final class FragmentBuffers {
    private final AtomicReferenceArray<byte[]> kept;
    private final int maxRetainedBytes;
    private final double headroom;

    /** @param headroom the share by which a new array is larger than asked for (and a fragment's array grows) */
    public FragmentBuffers(int slots, int maxRetainedBytes, double headroom) {
        this(new PutMediaSettings.FragmentBufferSettings(slots, maxRetainedBytes, headroom));
    }

    private FragmentBuffers(PutMediaSettings.FragmentBufferSettings settings) {
        this.kept = new AtomicReferenceArray<>(settings.slots());
        this.maxRetainedBytes = settings.maxRetainedBytes();
        this.headroom = settings.headroom();
    }

    /** As {@code recorder.put-media.fragment-buffers} says. */
    public static FragmentBuffers from(PutMediaSettings settings) {
        return new FragmentBuffers(settings.fragmentBuffers());
    }

    /** The share by which an array grows when a fragment outgrows it. */
    public double headroom() {
        return headroom;
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
        return new byte[(int) Math.min(Integer.MAX_VALUE - Byte.SIZE, length + (long) (length * headroom))];
    }

    /**
     * Gives {@code array} back: nothing may read or write it afterwards. An array already kept is not kept twice (it
     * would be handed to two fragments at once).
     */
    public void give(byte[] array) {
        if (array.length > maxRetainedBytes) {
            return;
        }
        for (int i = 0; i < kept.length(); i++) {
            if (kept.get(i) == array) {
                throw new IllegalStateException("a fragment array was given back twice");
            }
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
