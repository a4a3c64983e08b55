package io.storagesession.it.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The server as a camera owner runs it (README "Cameras"): {@code java -jar server/target/storage-session-server.jar}
 * with HTTPS on 443 and a public URL without a port, in a process of its own. Every line it logs is kept with the
 * wallclock time the test read it, so a test can tell when the server saw something happen.
 */
final class PackagedServer implements AutoCloseable {
    static final Path JAR = Path.of("../server/target/storage-session-server.jar").toAbsolutePath().normalize();
    static final int CAMERA_PORT = 443;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** One line of the server's log and when it was read (Unix ms). */
    record Line(long atMillis, String text) {
    }

    private final Process process;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Path dataDir;
    private final int httpPort;

    private PackagedServer(Process process, Path dataDir, int httpPort, Path logFile) throws IOException {
        this.process = process;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(new Line(System.currentTimeMillis(), line));
                    log.println(line);
                }
            } catch (IOException ended) {
                // the process is gone
            } finally {
                log.close();
            }
        }, "server-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Skips (or fails under -Dexternal.required=true) when the jar is not built or port 443 cannot be bound. */
    static void requirePrerequisites() {
        ExternalTool.requireFile(JAR, "the server module's package phase builds it: run mvn verify, not mvn test");
        try (ServerSocket probe = new ServerSocket(CAMERA_PORT)) {
            probe.getLocalPort();
        } catch (IOException e) {
            ExternalTool.unavailable("cameras need HTTPS on port " + CAMERA_PORT + ", which cannot be bound here ("
                    + e.getMessage() + "): run as root, with nothing else on the port");
        }
    }

    /**
     * Starts the jar with the camera flags of the README and {@code properties} as {@code -D} options, and waits for
     * {@code /health}.
     */
    static PackagedServer start(Path dir, String... properties) throws Exception {
        int httpPort = freePort();
        Files.createDirectories(dir);
        Path dataDir = dir.resolve("data");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.addAll(List.of("-jar", JAR.toString(), "--https-port", Integer.toString(CAMERA_PORT), "--public-url",
                "https://localhost", "--http-port", Integer.toString(httpPort), "--turn-port",
                Integer.toString(freePort()), "--data-dir", dataDir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            PackagedServer server = new PackagedServer(process, dataDir, httpPort, dir.resolve("server.log"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        assertThat(process.isAlive()).as("the server exited: %s", server.log()).isTrue();
                        return http.send(HttpRequest.newBuilder(server.http("/health")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
            return server;
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    Path certificate() {
        return dataDir.resolve("tls/server-cert.pem");
    }

    /** The generated access key, as written to {@code <data-dir>/credentials}. */
    AwsBasicCredentials credentials() throws IOException {
        List<String> file = Files.readAllLines(dataDir.resolve("credentials"));
        return AwsBasicCredentials.create(value(file, "aws_access_key_id"), value(file, "aws_secret_access_key"));
    }

    StaticCredentialsProvider credentialsProvider() throws IOException {
        return StaticCredentialsProvider.create(credentials());
    }

    private static String value(List<String> file, String key) {
        return file.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf('=') + 1).trim())
                .findFirst().orElseThrow();
    }

    /** The first logged line that matches, if any. */
    Optional<Line> line(Predicate<String> matching) {
        return lines.stream().filter(l -> matching.test(l.text())).findFirst();
    }

    /** Waits at most {@code timeout} for a line that matches. */
    Line awaitLine(Duration timeout, Predicate<String> matching, String what) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> line(matching).isPresent());
        return line(matching).orElseThrow();
    }

    String log() {
        StringBuilder all = new StringBuilder();
        lines.forEach(l -> all.append(l.text()).append('\n'));
        return all.toString();
    }

    String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
