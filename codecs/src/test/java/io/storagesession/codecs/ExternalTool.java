package io.storagesession.codecs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a program from outside the JVM (node, chromium, coturn, ffmpeg) skip with a message when it is
 * missing, and fail instead when {@code -Dexternal.required=true} (as CI runs them), so CI can never pass by skipping.
 * One rule for every module's tests: it lives in the codecs test-jar, which they all share.
 */
public final class ExternalTool {
    /** The longest a judged tool ({@link #run}) may take before the test fails. */
    private static final long TIMEOUT_SECONDS = 120;

    /** What a tool printed and how it exited. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
    }

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

    /** Runs {@code command} with no input, collecting its output; fails the test when it outlives the timeout. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
