package io.storagesession.mediastore.hls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need ffmpeg/ffprobe skip with a message when they are missing, and fail instead when
 * {@code -Dexternal.required=true} (as CI runs them), so CI cannot pass by skipping (ARCHITECTURE.md "Tests").
 */
final class ExternalTool {
    private ExternalTool() {
    }

    static Path require(String executable, String installHint) {
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
        Assumptions.abort("skipped: " + message);
        return null;
    }
}
