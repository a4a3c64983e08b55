package io.storagesession.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.storagesession.turn.TurnServer;
import io.storagesession.turn.TurnSettings;
import io.storagesession.turn.TurnStats;
import io.storagesession.turn.TurnTls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request piped from the TURN server's shared HTTPS port reaches the router as {@code https} with the host and port
 * the client addressed — so URLs built from the request keep their scheme — while clients of any listener cannot claim
 * a scheme or host with X-Forwarded headers. Driven through a real TURN server sharing its TLS port with HTTPS.
 */
class PipedHttpsTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private TurnServer turn;
    private HttpServer direct;
    private SSLContext trusting;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        PipedHttps.enable(router);
        router.get("/echo").handler(ctx -> ctx.response().end(ctx.request().scheme() + "|" + ctx.request().host()));
        direct = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(PipedHttps.direct(router)).listen().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        HttpServer piped = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(PipedHttps.piped(router)).listen().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        TlsCertificate.KeyAndCertificate certificate = TlsCertificate.ensure(new DataDir(dir), "127.0.0.1");
        TurnSettings settings = TurnSettings.from(ConfigFactory.parseMap(Map.of("turn.port", 0,
                        "turn.listen-host", "127.0.0.1", "turn.threads", 1, "turn.relay-port-min", 45000,
                        "turn.relay-port-max", 45999))
                .withFallback(ConfigFactory.defaultReference()).resolve());
        turn = TurnServer.start(settings, "secret", InetAddress.getByName("127.0.0.1"), TurnStats.NONE,
                Clock.systemUTC(), TurnTls.fromPem(0, certificate.certificate(), certificate.privateKey(),
                        new InetSocketAddress("127.0.0.1", piped.actualPort())));
        trusting = trusting(certificate.certificate());
    }

    @AfterEach
    void stop() throws Exception {
        turn.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPipedRequestIsHttpsWhateverItClaims() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).build();
        int port = turn.tlsPort();
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/echo"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("https|127.0.0.1:" + port);
    }

    @Test
    void aPipedRequestWithoutAPortInItsHostIsOnTheDefaultHttpsPort() throws Exception {
        try (SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", turn.tlsPort())) {
            tls.setSoTimeout(5000);
            tls.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: media.example.com\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(tls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nhttps|media.example.com");
        }
    }

    @Test
    void aDirectRequestCannotClaimHttps() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + direct.actualPort() + "/echo"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Port", "443").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("http|127.0.0.1:" + direct.actualPort());
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
