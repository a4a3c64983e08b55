package io.storagesession.it.turn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program to completion within a time limit, its stdout and stderr merged into a file (a pipe nobody reads
 * could fill and block the program), and returns exit code and output. A program overrunning the limit is killed
 * and reported with exit code -1, so a hanging client fails its test instead of hanging the build.
 *
 * @param exitCode the program's exit status, -1 if it had to be killed
 */
record ProcessOutput(List<String> command, int exitCode, String output) {

    static ProcessOutput run(List<String> command, Path outputFile, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile()).start();
        int exitCode;
        try {
            exitCode = process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } finally {
            stop(process);
        }
        return new ProcessOutput(command, exitCode, Files.readString(outputFile, StandardCharsets.UTF_8));
    }

    /** Ends {@code process} (and waits for it), forcibly if it ignores SIGTERM for 5 s. */
    static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Command, exit code and full output, for assertion messages. */
    String describe() {
        return String.join(" ", command) + "\nexit code " + exitCode + "\n--- output ---\n" + output;
    }
}
