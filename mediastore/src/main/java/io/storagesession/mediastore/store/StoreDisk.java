package io.storagesession.mediastore.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk under the store as {@code /health} sees it: its free space against {@code media-store.store.min-free-space}
 * (sampled, since a full disk is better announced before PutMedia starts failing), and whether the last fragment
 * write failed. A failed write makes PutMedia answer ERROR 5001 (KVS's "failed to persist", KVS-WIRE.md §4) for the
 * fragment; the store cuts its segment back to the last whole record and keeps going, so the condition lasts only
 * until a write succeeds again (space freed, a disk remounted bigger).
 *
 * <p>Each change of condition is logged once: the first failure of a streak at ERROR, low space at WARN, recovery at
 * INFO. Any thread may report and read; the state is two atomic references.
 */
final class StoreDisk {
    private static final Logger LOG = LoggerFactory.getLogger(StoreDisk.class);
    private static final long KIB = 1024;

    private final Path root;
    private final long minFreeBytes;
    /** The free space found below the threshold, as a problem text; null while there is enough. */
    private final AtomicReference<String> lowSpace = new AtomicReference<>();
    /** Why the last write failed; null once one succeeded. */
    private final AtomicReference<String> writeFailure = new AtomicReference<>();

    StoreDisk(Path root, long minFreeBytes) {
        this.root = root;
        this.minFreeBytes = minFreeBytes;
    }

    /** Reads the free space of the store's file system (a statvfs: blocking, but brief on a local disk). */
    void sample() {
        long free;
        try {
            free = Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            LOG.warn("media store: cannot read the free space of {}", root, e);
            return;
        }
        if (free < minFreeBytes) {
            String problem = "media store: " + size(free) + " free on " + root + ", below min-free-space "
                    + size(minFreeBytes);
            if (lowSpace.getAndSet(problem) == null) {
                LOG.warn("{}; fragments fail to persist once it is full", problem);
            }
        } else if (lowSpace.getAndSet(null) != null) {
            LOG.info("media store: {} free on {} again", size(free), root);
        }
    }

    /**
     * An append failed with {@code error}, as its future did: an I/O error means the fragment could not be written or
     * forced; anything else (a deleted stream) says nothing about the disk.
     */
    void appendFailed(Throwable error) {
        Throwable cause = cause(error);
        if (!(cause instanceof IOException)) {
            return;
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (writeFailure.getAndSet(why) == null) {
            LOG.error("media store: writing fragments to {} failed ({}); PutMedia answers ERROR 5001 (persist failed) "
                    + "until a write succeeds", root, why);
        }
    }

    /** A fragment was written and forced. */
    void wrote() {
        if (writeFailure.get() != null && writeFailure.getAndSet(null) != null) {
            LOG.info("media store: writing fragments to {} succeeds again", root);
        }
    }

    /** What is wrong with the disk now, if anything. */
    Optional<String> problem() {
        String failure = writeFailure.get();
        if (failure != null) {
            return Optional.of("media store: writing fragments to " + root + " fails: " + failure);
        }
        return Optional.ofNullable(lowSpace.get());
    }

    private static Throwable cause(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof UncheckedIOException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String size(long bytes) {
        return bytes < KIB * KIB ? bytes / KIB + " KiB" : bytes / (KIB * KIB) + " MiB";
    }
}
