package io.storagesession.it.reliability;

import io.storagesession.codecs.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small tmpfs mounted for one test: a disk that fills up after {@code size} bytes, and frees space the moment a
 * file on it is deleted. Needs root (mount); a machine without it skips, or fails under
 * {@code -Dexternal.required=true}. {@link #close} unmounts it: close whatever has files open on it first.
 */
final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code bytes} on {@code dir} (created when missing). */
    static Tmpfs mount(Path dir, long bytes) throws IOException, InterruptedException {
        ExternalTool.require("mount", "apt-get install mount");
        ExternalTool.require("umount", "apt-get install mount");
        Files.createDirectories(dir);
        ExternalTool.Result mount = ExternalTool.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs",
                dir.toString()));
        if (mount.exitCode() != 0) {
            ExternalTool.unavailable("cannot mount a tmpfs (root is needed): " + mount.stderr().trim());
        }
        return new Tmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    /** The bytes an unprivileged writer could still write. */
    long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        ExternalTool.Result umount = ExternalTool.run(List.of("umount", dir.toString()));
        if (umount.exitCode() != 0) {
            throw new IOException("umount " + dir + ": " + umount.stderr().trim());
        }
    }
}
