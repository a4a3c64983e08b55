package io.storagesession.it.reliability;

import io.storagesession.codecs.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * libfaketime (Debian package {@code faketime}) preloaded into a process so that its wall clock runs {@code offset}
 * ahead of the machine's, while its monotonic clock stays real ({@code FAKETIME_DONT_FAKE_MONOTONIC}): the JVM's
 * {@code System.currentTimeMillis} and {@code Clock.systemUTC} move, its timers and {@code nanoTime} do not. The test
 * skips without the library and fails under {@code -Dexternal.required=true}.
 */
final class FakeClock {
    /** Where distributions install it; {@code -Dfaketime.library} names another. */
    private static final List<String> LIBRARIES = List.of(
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/faketime/libfaketime.so.1",
            "/usr/lib64/faketime/libfaketime.so.1",
            "/usr/local/lib/faketime/libfaketime.so.1");
    private static final String INSTALL = "apt-get install faketime";

    private FakeClock() {
    }

    /** The library's path; skips (or fails when required) without it. */
    static Path requireLibrary() {
        String configured = System.getProperty("faketime.library");
        List<String> candidates = configured == null ? LIBRARIES : List.of(configured);
        for (String candidate : candidates) {
            if (Files.isReadable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        ExternalTool.unavailable("libfaketime.so.1 is in none of " + candidates + " (" + INSTALL + ")");
        return null;
    }

    /** The environment that runs a process with its wall clock {@code offset} ahead. */
    static Map<String, String> ahead(Duration offset) {
        return Map.of("LD_PRELOAD", requireLibrary().toString(),
                "FAKETIME", "+" + offset.toSeconds(),
                "FAKETIME_DONT_FAKE_MONOTONIC", "1");
    }
}
