package io.storagesession.recorder.mkv;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg/ffprobe for tests: makes media and judges MKV (PEERS.md "Judges of media"). */
public final class Ffmpeg {
    private static final String HINT = "apt-get install ffmpeg";
    private static final long TIMEOUT_SECONDS = 120;

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private Ffmpeg() {
    }

    public static void requireInstalled() {
        ExternalTool.require("ffmpeg", HINT);
        ExternalTool.require("ffprobe", HINT);
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("ffmpeg", ".out");
        Path stderr = Files.createTempFile("ffmpeg", ".err");
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** Runs a command that must succeed quietly. */
    public static String runQuietly(String... command) throws IOException, InterruptedException {
        Result result = run(command);
        assertThat(result.exitCode()).as("exit code of %s, stderr %s", String.join(" ", command), result.stderr())
                .isZero();
        return result.stdout();
    }

    public static List<String> command(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
