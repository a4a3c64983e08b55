package io.storagesession.it;

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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.MediaStorageConfigurationStatus;

/**
 * The server as its owner runs it: {@code java -jar server/target/storage-session-server.jar} in a process of its own,
 * on free ports (or, for cameras, as the README's "Cameras" section says: HTTPS on 443 and a public URL without a
 * port). Every line it logs is kept with the wallclock time the test read it, so a test can tell when the server saw
 * something happen. The process can be killed as a power cut would ({@link #kill()}: SIGKILL) and started again on
 * the same data dir and ports ({@link #restart()}), which is what the camera SDKs reconnect to.
 */
public final class PackagedServer implements AutoCloseable {
    public static final Path JAR = Path.of("../server/target/storage-session-server.jar").toAbsolutePath().normalize();
    public static final int CAMERA_PORT = 443;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    /** One line of the server's log and when it was read (Unix ms). */
    public record Line(long atMillis, String text) {
    }

    private final Process process;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final Path dataDir;
    private final int httpPort;
    private final List<String> command;
    private final Map<String, String> environment;
    private final int generation;

    private PackagedServer(Process process, Path dir, int httpPort, List<String> command,
                          Map<String, String> environment, int generation) throws IOException {
        this.process = process;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.httpPort = httpPort;
        this.command = command;
        this.environment = environment;
        this.generation = generation;
        Path logFile = dir.resolve(generation == 0 ? "server.log" : "server-" + generation + ".log");
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

    /** Skips (or fails under -Dexternal.required=true) when the jar is not built. */
    public static void requireJar() {
        ExternalTool.requireFile(JAR, "the server module's package phase builds it: run mvn verify, not mvn test");
    }

    /** Skips (or fails under -Dexternal.required=true) when the jar is not built or port 443 cannot be bound. */
    public static void requireCameraPort() {
        requireJar();
        try (ServerSocket probe = new ServerSocket(CAMERA_PORT)) {
            probe.getLocalPort();
        } catch (IOException e) {
            ExternalTool.unavailable("cameras need HTTPS on port " + CAMERA_PORT + ", which cannot be bound here ("
                    + e.getMessage() + "): run as root, with nothing else on the port");
        }
    }

    /**
     * Starts the jar with the camera flags of the README (HTTPS on 443, public URL {@code https://localhost}) and
     * {@code properties} as {@code -D} options, and waits for {@code /health}.
     */
    public static PackagedServer camera(Path dir, String... properties) throws Exception {
        return camera(dir, Map.of(), properties);
    }

    /** As {@link #camera(Path, String...)}, with {@code environment} added to the process's environment. */
    public static PackagedServer camera(Path dir, Map<String, String> environment, String... properties)
            throws Exception {
        return start(dir, List.of("--https-port", Integer.toString(CAMERA_PORT), "--public-url", "https://localhost"),
                environment, properties);
    }

    /**
     * Starts the jar on free HTTP and TURN ports with {@code flags} (command-line options) and {@code properties} (as
     * {@code -D} options), its data dir under {@code dir}, and waits for {@code /health}.
     */
    public static PackagedServer start(Path dir, List<String> flags, String... properties) throws Exception {
        return start(dir, flags, Map.of(), properties);
    }

    /** As {@link #start(Path, List, String...)}, with {@code environment} added to the process's environment. */
    public static PackagedServer start(Path dir, List<String> flags, Map<String, String> environment,
                                      String... properties) throws Exception {
        int httpPort = freePort();
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.addAll(List.of("-jar", JAR.toString(), "--http-port", Integer.toString(httpPort), "--turn-port",
                Integer.toString(freePort()), "--data-dir", dir.resolve("data").toString()));
        command.addAll(flags);
        return launch(dir, httpPort, List.copyOf(command), Map.copyOf(environment), 0);
    }

    /** Starts the same command again, on the same data dir and ports; this process must have ended. */
    public PackagedServer restart() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("the server is still running");
        }
        return launch(dir, httpPort, command, environment, generation + 1);
    }

    private static PackagedServer launch(Path dir, int httpPort, List<String> command, Map<String, String> environment,
                                        int generation) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            PackagedServer server = new PackagedServer(process, dir, httpPort, command, environment, generation);
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

    /** SIGKILL, as a power cut: no shutdown hook runs, nothing is flushed or closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public Path certificate() {
        return dataDir.resolve("tls/server-cert.pem");
    }

    /** The generated access key, as written to {@code <data-dir>/credentials}. */
    public AwsBasicCredentials credentials() throws IOException {
        List<String> file = Files.readAllLines(dataDir.resolve("credentials"));
        return AwsBasicCredentials.create(value(file, "aws_access_key_id"), value(file, "aws_secret_access_key"));
    }

    public StaticCredentialsProvider credentialsProvider() throws IOException {
        return StaticCredentialsProvider.create(credentials());
    }

    /** An AWS SDK client of this server, signed with its generated key. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) throws IOException {
        return builder.endpointOverride(http("")).region(Region.US_WEST_2).credentialsProvider(credentialsProvider())
                .build();
    }

    /**
     * A signaling channel and a stream of the same name, linked by UpdateMediaStorageConfiguration (the channel's
     * master then joins a storage session that records to the stream).
     */
    public void createStorageChannel(String name) throws IOException {
        try (KinesisVideoClient kvs = client(KinesisVideoClient.builder().httpClientBuilder(RunningServer.http()))) {
            String channelArn = kvs.createSignalingChannel(b -> b.channelName(name)).channelARN();
            String streamArn = kvs.createStream(b -> b.streamName(name).dataRetentionInHours(24)).streamARN();
            kvs.updateMediaStorageConfiguration(b -> b.channelARN(channelArn).mediaStorageConfiguration(
                    c -> c.streamARN(streamArn).status(MediaStorageConfigurationStatus.ENABLED)));
        }
    }

    private static String value(List<String> file, String key) {
        return file.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf('=') + 1).trim())
                .findFirst().orElseThrow();
    }

    /** The first logged line that matches, if any. */
    public Optional<Line> line(Predicate<String> matching) {
        return lines.stream().filter(l -> matching.test(l.text())).findFirst();
    }

    /** Waits at most {@code timeout} for a line that matches. */
    public Line awaitLine(Duration timeout, Predicate<String> matching, String what) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> line(matching).isPresent());
        return line(matching).orElseThrow();
    }

    public String log() {
        StringBuilder all = new StringBuilder();
        lines.forEach(l -> all.append(l.text()).append('\n'));
        return all.toString();
    }

    public String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(http("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a counter's or gauge's series at {@code /metrics} (e.g. {@code name{label="value"}}); 0 if absent. */
    public long counter(String series) throws Exception {
        return metrics().lines().filter(l -> l.startsWith(series + " ")).mapToLong(l -> (long) Double.parseDouble(
                l.substring(series.length() + 1).trim())).sum();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
