package io.storagesession.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a program from outside the JVM (node, chromium, coturn, ffmpeg) skip with a message when it is
 * missing, and fail instead when {@code -Dexternal.required=true} (as CI runs them), so CI can never pass by skipping.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    public static boolean required() {
        return Boolean.getBoolean("external.required");
    }

    /** The executable's path on PATH; skips (or fails when required) if absent. */
    public static Path require(String executable, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(executable + " is not on PATH (" + installHint + ")");
        return null;
    }

    /** Skips (or fails when required) unless {@code path} exists. */
    public static void requireFile(Path path, String installHint) {
        if (!Files.exists(path)) {
            missing(path + " is missing (" + installHint + ")");
        }
    }

    /** Skips (or fails when required) because something the test needs is not there, as {@code message} says. */
    public static void unavailable(String message) {
        missing(message);
    }

    private static void missing(String message) {
        if (required()) {
            fail(message + "; -Dexternal.required=true forbids skipping");
        }
        Assumptions.abort("skipped: " + message);
    }
}
