package io.storagesession.mediastore.ingest;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The arrays fragments are assembled in, lent to the store's writer with each complete fragment and given back once
 * it is on disk, so that a steady upload allocates no array per fragment (one is about 250 KB at 1 Mbit/s). Shared by
 * the uploads of one store: a fragment is usually written within milliseconds, so a few kept arrays serve many
 * uploads. Taken and given on the uploads' event loops, a handful of slots filled and emptied with compare-and-set: no
 * lock, no allocation. An array that grew past {@code max-retained} for one unusual fragment is not kept.
 */
final class FragmentPayloads {
    private final AtomicReferenceArray<byte[]> kept;
    private final int initialBytes;
    private final int maxRetainedBytes;

    FragmentPayloads(int slots, int initialBytes, int maxRetainedBytes) {
        if (slots < 0 || initialBytes < 1 || maxRetainedBytes < initialBytes) {
            throw new IllegalArgumentException("fragment buffers: slots >= 0 and 1 <= initial <= max retained size");
        }
        this.kept = new AtomicReferenceArray<>(slots);
        this.initialBytes = initialBytes;
        this.maxRetainedBytes = maxRetainedBytes;
    }

    /** The largest kept array, or a new one of the initial size; it grows as its fragment needs. */
    byte[] take() {
        while (true) {
            int largest = -1;
            for (int i = 0; i < kept.length(); i++) {
                byte[] b = kept.get(i);
                if (b != null && (largest < 0 || b.length > kept.get(largest).length)) {
                    largest = i;
                }
            }
            if (largest < 0) {
                return new byte[initialBytes];
            }
            byte[] b = kept.get(largest);
            if (b != null && kept.compareAndSet(largest, b, null)) {
                return b;
            }
        }
    }

    /** Gives {@code array} back once nothing reads it any more. */
    void give(byte[] array) {
        if (array.length > maxRetainedBytes) {
            return;
        }
        for (int i = 0; i < kept.length(); i++) {
            if (kept.get(i) == null && kept.compareAndSet(i, null, array)) {
                return;
            }
        }
    }
}
