package io.storagesession.mediastore.store;

import io.storagesession.codecs.ExternalTool;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ext4 file system in an image file, attached to a loop device and mounted: a disk whose blocks a test can copy as
 * they are at one instant ({@link #copyBlocksTo}, O_DIRECT reads of the device, below the page cache), which is what
 * a power cut leaves. Needs root (losetup, mount); a machine without it skips, or fails under
 * {@code -Dexternal.required=true}. {@link #close} unmounts and detaches, whatever failed before.
 */
final class LoopDisk implements AutoCloseable {
    /** dd's block size for the copy. */
    private static final String COPY_BLOCK = "1M";

    private final String device;
    private final Path mountPoint;
    private boolean mounted;

    private LoopDisk(String device, Path mountPoint) {
        this.device = device;
        this.mountPoint = mountPoint;
    }

    /** Skips (or fails when required) unless the programs are installed. */
    static void requireTools() {
        for (String tool : List.of("mkfs.ext4", "losetup", "mount", "umount", "dd")) {
            ExternalTool.require(tool, "apt-get install e2fsprogs mount coreutils");
        }
    }

    /**
     * A new ext4 file system of {@code bytes} in {@code image}, mounted on {@code mountPoint} with {@code options}.
     * Its inode tables and journal are written by mkfs, so no background initialisation writes to it afterwards.
     */
    static LoopDisk format(Path image, long bytes, Path mountPoint, String options) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(bytes);
        }
        run("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", image.toString());
        return attach(image, mountPoint, options);
    }

    /**
     * {@code image} attached read-write and mounted with {@code options}: ext4 replays its journal first, as the
     * kernel does when a machine comes back from a power cut, even when {@code options} say {@code ro}.
     */
    static LoopDisk attach(Path image, Path mountPoint, String options) throws Exception {
        ExternalTool.Result attached = ExternalTool.run(List.of("losetup", "--find", "--show", image.toString()));
        if (attached.exitCode() != 0) {
            ExternalTool.unavailable("cannot attach a loop device (root and the loop module are needed): "
                    + attached.stderr().trim());
        }
        LoopDisk disk = new LoopDisk(new String(attached.stdout(), StandardCharsets.UTF_8).trim(), mountPoint);
        try {
            Files.createDirectories(mountPoint);
            ExternalTool.Result mount = ExternalTool.run(List.of("mount", "-t", "ext4", "-o", options, disk.device,
                    mountPoint.toString()));
            if (mount.exitCode() != 0) {
                ExternalTool.unavailable("cannot mount " + disk.device + ": " + mount.stderr().trim());
            }
            disk.mounted = true;
            return disk;
        } catch (Exception | Error e) {
            disk.close();
            throw e;
        }
    }

    Path mountPoint() {
        return mountPoint;
    }

    /** The device's blocks as they are now, read with O_DIRECT (no unmount, no sync), into a new image file. */
    void copyBlocksTo(Path image) throws Exception {
        run("dd", "if=" + device, "of=" + image, "bs=" + COPY_BLOCK, "iflag=direct", "status=none");
    }

    /** Unmounts and detaches; both are tried, and a failure of either fails the test. */
    @Override
    public void close() throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        if (mounted) {
            ExternalTool.Result umount = ExternalTool.run(List.of("umount", mountPoint.toString()));
            mounted = umount.exitCode() != 0;
            if (mounted) {
                failures.add("umount " + mountPoint + ": " + umount.stderr().trim());
            }
        }
        ExternalTool.Result detach = ExternalTool.run(List.of("losetup", "-d", device));
        if (detach.exitCode() != 0) {
            failures.add("losetup -d " + device + ": " + detach.stderr().trim());
        }
        if (!failures.isEmpty()) {
            throw new IOException(String.join("; ", failures));
        }
    }

    private static void run(String... command) throws Exception {
        ExternalTool.Result result = ExternalTool.run(List.of(command));
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                    + result.stderr().trim());
        }
    }
}
