package io.storagesession.mediastore.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * fsync of directories: a new file's name is durable only once its directory is (POSIX fsync(2) on the directory).
 * Some platforms cannot open a directory for syncing; there the file's own fsync is all there is.
 */
final class Durability {
    private Durability() {
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (e.g. Windows): the files' own fsync still holds their data.
        }
    }
}
