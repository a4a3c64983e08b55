package io.storagesession.it.reliability;

import io.storagesession.codecs.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A wall clock that a test steps under a running process, as an NTP step or an operator's {@code date -s} would:
 * libfaketime (Debian's {@code faketime}) preloaded into the process reads its offset from a file, re-read at most
 * every second ({@code FAKETIME_CACHE_DURATION}), while the monotonic clock stays real
 * ({@code FAKETIME_DONT_FAKE_MONOTONIC}), so timers and timeouts run on as before and only {@code CLOCK_REALTIME}
 * (Java's {@code System.currentTimeMillis}, {@code Instant.now}) jumps.
 */
final class SteppedWallClock {
    static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    /** libfaketime re-reads the offset file at most this often (seconds); a step takes effect within it. */
    static final int REREAD_SECONDS = 1;

    private final Path offsetFile;

    SteppedWallClock(Path dir) throws IOException {
        offsetFile = Files.createDirectories(dir).resolve("faketime-offset");
        step("+0");
    }

    /** Skips (or fails under -Dexternal.required=true) without libfaketime. */
    static void require() {
        ExternalTool.requireFile(LIBFAKETIME, "apt-get install faketime");
    }

    /** The environment that puts a process on this clock. */
    Map<String, String> environment() {
        return Map.of("LD_PRELOAD", LIBFAKETIME.toString(), "FAKETIME_TIMESTAMP_FILE", offsetFile.toString(),
                "FAKETIME_CACHE_DURATION", Integer.toString(REREAD_SECONDS), "FAKETIME_DONT_FAKE_MONOTONIC", "1");
    }

    /** Sets the offset from real time, in libfaketime's relative form ({@code +0}, {@code +1h}, {@code -1h}). */
    void step(String offset) throws IOException {
        Path next = offsetFile.resolveSibling("faketime-offset.next");
        Files.writeString(next, offset + "\n");
        Files.move(next, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
