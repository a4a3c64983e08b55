package io.storagesession.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.storagesession.codecs.ExternalTool;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * The README's run command, for real: {@code java -jar server/target/storage-session-server.jar} starts, answers
 * {@code /health}, prints the generated credentials once, and an AWS SDK client using the written credentials file
 * (as {@code AWS_SHARED_CREDENTIALS_FILE} would) can call it. Also checks the HTTPS port, which the embedded TURN
 * server shares (it pipes HTTPS to the HTTP listener).
 */
class PackagedServerTest {
    /**
     * Generous: right after start the JVM is still loading and compiling (FFmpeg natives, the ICE warm-up), and on a
     * busy 2-core machine a TLS handshake then took over 2 s.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Path JAR = Path.of("../server/target/storage-session-server.jar").toAbsolutePath().normalize();

    @TempDir
    Path dataDir;

    @Test
    void theFatJarStartsWithTheDocumentedFlagsAndServesTheApi() throws Exception {
        ExternalTool.requireFile(JAR, "the server module's package phase builds it: run mvn verify, not mvn test");
        int port = freePort();
        int httpsPort = freePort();
        int turnPort = freePort();
        Path log = dataDir.resolve("server.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "--http-port", Integer.toString(port), "--https-port", Integer.toString(httpsPort),
                "--host", "127.0.0.1", "--turn-port", Integer.toString(turnPort), "--data-dir", dataDir.resolve("data").toString(), "--region", "us-west-2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = 0;
            while (System.nanoTime() < deadline && status != 200) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
                assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            }
            assertThat(status).as(Files.readString(log)).isEqualTo(200);
            Path credentials = dataDir.resolve("data/credentials");
            String keyId = Files.readAllLines(credentials).stream().filter(l -> l.startsWith("aws_access_key_id"))
                    .map(l -> l.split("=")[1].trim()).findFirst().orElseThrow();
            // The banner follows readiness by a moment.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains(keyId)
                            .contains("ready at http://127.0.0.1:" + port).contains("TURN on UDP and TCP port " + turnPort)
                            .contains("HTTPS/WSS and TURN over TLS on port " + httpsPort));

            try (KinesisVideoClient kvs = KinesisVideoClient.builder().httpClientBuilder(RunningServer.http())
                    .endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_WEST_2)
                    .credentialsProvider(ProfileCredentialsProvider.builder().profileName("default")
                            .profileFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build())
                            .build()).build()) {
                String arn = kvs.createSignalingChannel(b -> b.channelName("from-the-jar")).channelARN();
                assertThat(arn).startsWith("arn:aws:kinesisvideo:us-west-2:");
            }
            HttpClient https = HttpClient.newBuilder().sslContext(ServerCertificate.trusting(dataDir.resolve("data/tls/server-cert.pem")))
                    .connectTimeout(CONNECT_TIMEOUT).build();
            assertThat(https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("kvs_api_latency_seconds_count{operation=\"CreateSignalingChannel\"} 1");
        } finally {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
