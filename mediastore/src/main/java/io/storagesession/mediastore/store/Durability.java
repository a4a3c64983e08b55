package io.storagesession.mediastore.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * What makes a file's name and contents survive a power cut: fsync of the file, and of its directory, since a new
 * name is durable only once its directory is (POSIX fsync(2)). Some platforms cannot open a directory for syncing;
 * there the file's own fsync is all there is.
 */
final class Durability {
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private Durability() {
    }

    /**
     * Writes {@code content} to {@code file} whole or not at all, durably: a forced temporary file renamed over it
     * (POSIX rename(2) is atomic), then the directory forced. A plain write is not enough even before an fsync of
     * another file in the same directory: ext4 (delayed allocation) then keeps the name but commits the file empty.
     */
    static void writeDurably(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (e.g. Windows): the files' own fsync still holds their data.
        }
    }
}
