package io.storagesession.it.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a reliability test keeps what it ran on: {@code it/target/reliability/<name>/} (data dirs, server and peer
 * logs, tables), emptied when the test starts and left in place after it, so a failure of a long run can be read.
 */
final class ReliabilityRun {
    static final Path ROOT = Path.of("target", "reliability");

    private ReliabilityRun() {
    }

    /** The test's directory, empty. */
    static Path directory(String name) throws IOException {
        Path dir = ROOT.resolve(name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
