package io.storagesession.it.turn;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The TURN tests' way to need coturn's programs, with the same rule as {@code io.storagesession.it.ExternalTool}
 * (package-private there, so not reachable from this package): skip with a message when the program is missing, fail
 * instead when {@code -Dexternal.required=true}, as CI runs, so CI can never pass by skipping.
 */
final class RequiredProgram {
    static final String COTURN_HINT = "Debian package coturn: apt-get install coturn";

    private RequiredProgram() {
    }

    /** The executable's path on PATH; skips (or fails when required) if absent. */
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
