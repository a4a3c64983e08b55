package io.storagesession.mediastore;

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
 * Tests that need ffmpeg or curl skip with a message when it is missing, and fail instead when
 * {@code -Dexternal.required=true} (as CI runs them), so CI cannot pass by skipping (ARCHITECTURE.md "Tests").
 */
public final class ExternalTool {
    private static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, byte[] stdout, String stderr) {
    }

    private ExternalTool() {
    }

    /** The executable's path on PATH; skips (or fails when required) if absent. */
    public static Path require(String executable, String installHint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = executable + " is not on PATH (" + installHint + ")";
        if (Boolean.getBoolean("external.required")) {
            fail(message + "; -Dexternal.required=true forbids skipping");
        }
        return Assumptions.abort("skipped: " + message);
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
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
