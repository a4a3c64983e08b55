package io.storagesession.mediastore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store's disk tells {@code /health}: free space below the threshold, and a failed write until one succeeds
 * (the real disk filling up is {@code StoreDiskFullTest} in the it module).
 */
class StoreDiskTest {
    @TempDir
    Path dir;

    @Test
    void lowFreeSpaceIsAProblemUntilThereIsEnoughAgain() {
        StoreDisk disk = new StoreDisk(dir, Long.MAX_VALUE);
        assertThat(disk.problem()).isEmpty();
        disk.sample();
        assertThat(disk.problem()).hasValueSatisfying(p -> assertThat(p).contains("free on " + dir,
                "below min-free-space"));

        StoreDisk roomy = new StoreDisk(dir, 0);
        roomy.sample();
        assertThat(roomy.problem()).isEmpty();
    }

    @Test
    void aFailedWriteIsAProblemUntilAWriteSucceeds() {
        StoreDisk disk = new StoreDisk(dir, 0);
        IOException full = new IOException("No space left on device");
        disk.appendFailed(new CompletionException(new UncheckedIOException(full)));
        assertThat(disk.problem()).hasValue("media store: writing fragments to " + dir
                + " fails: No space left on device");
        disk.sample();
        assertThat(disk.problem()).as("free space does not clear a failing write").isPresent();
        disk.wrote();
        assertThat(disk.problem()).isEmpty();
    }

    @Test
    void anAppendRefusedForAnotherReasonSaysNothingAboutTheDisk() {
        StoreDisk disk = new StoreDisk(dir, 0);
        disk.appendFailed(new CompletionException(new IllegalStateException("stream was deleted")));
        assertThat(disk.problem()).isEmpty();
    }
}
