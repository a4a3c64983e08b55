package io.storagesession.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input on the TLS listeners and the HTTPS pipe: garbage before and after the handshake, a
 * slowloris that never finishes it, peers that vanish mid-request or mid-response, an HTTP listener that is gone, a
 * flood past the connection limit. Each ends in a closed connection, the server's count back to zero, and a server
 * that still serves.
 */
class TurnTlsHostileInputTest {
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Property(tries = 3000)
    void theClassifierNeverThrowsAndCallsStunOnlyWhatHasTheCookie(@ForAll @Size(max = 40) byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes.clone());
        FirstBytes.Kind kind = FirstBytes.classify(in, bytes.length);
        boolean cookie = bytes.length >= 8 && ByteBuffer.wrap(bytes).getInt(4) == Stun.MAGIC_COOKIE;
        if (kind == FirstBytes.Kind.STUN) {
            assertThat(cookie && (bytes[0] & 0xC0) == 0).isTrue();
        }
        if (kind == FirstBytes.Kind.UNDECIDED) {
            assertThat(bytes.length).isLessThan(FirstBytes.STUN_PREFIX);
        }
        assertThat(in.position()).as("classifying moves nothing").isZero();
    }

    @Test
    void httpMethodsAreNotStunAlthoughTheyLookLikeChannelData() {
        for (String method : new String[] {"GET", "HEAD", "DELETE", "OPTIONS", "CONNECT", "POST", "PUT", "PATCH"}) {
            byte[] line = (method + " / HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
            assertThat(FirstBytes.classify(ByteBuffer.wrap(line), 1)).as(method).isEqualTo(FirstBytes.Kind.OTHER);
        }
    }

    @Test
    void garbageBeforeTheHandshakeIsClosedOnEveryListener() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        // a TLS record header promising more than arrives waits for the rest, up to the handshake bound
        try (TurnFixture turn = new TurnFixture(Map.of("turn.limits.tcp-idle-without-allocation", "1s",
                "turn.sweep-interval", "200ms"), TurnTls.fromPem(0, certificate.certificate, certificate.privateKey,
                null))) {
            Random random = new Random(3);
            for (int i = 0; i < 40; i++) {
                byte[] junk = new byte[1 + random.nextInt(3000)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    junk[0] = FirstBytes.TLS_HANDSHAKE; // looks like TLS, is not
                }
                int port = i % 4 < 2 ? turn.server.tlsPort() : turn.port();
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write(junk);
                    assertClosedByServer(s);
                }
            }
            await().atMost(CLOSED_WITHIN).until(() -> turn.server.tcpConnectionCount() == 0);
            assertThat(turn.stats.drops("tls-failed")).isPositive();
            assertStillServes(turn, certificate);
        }
    }

    @Test
    void garbageAfterTheHandshakeIsClosedOnTurnAndOnThePipe() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        byte[] junk = new byte[500];
        new Random(4).nextBytes(junk);
        junk[0] = 0x17; // application data record type, so the record layer reads a length and then fails to open it
        try (ServerSocket http = loopbackListener();
             TurnFixture turn = tlsServer(certificate, (InetSocketAddress) http.getLocalSocketAddress())) {
            for (boolean piped : new boolean[] {false, true}) {
                try (Socket raw = new Socket("127.0.0.1", turn.server.tlsPort());
                     SSLSocket tls = (SSLSocket) certificate.clientContext().getSocketFactory()
                             .createSocket(raw, "127.0.0.1", raw.getPort(), false)) {
                    tls.startHandshake();
                    Backend backend = null;
                    if (piped) {
                        tls.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                        tls.getOutputStream().flush();
                        backend = Backend.accept(http, "GET / HTTP/1.1\r\n".length());
                    }
                    raw.getOutputStream().write(junk); // not a TLS record that opens
                    assertClosedByServer(raw);
                    if (backend != null) {
                        assertThat(backend.endSeen()).as("the pipe closes the HTTP side too").isTrue();
                    }
                }
            }
            await().atMost(CLOSED_WITHIN).until(() -> turn.server.tcpConnectionCount() == 0);
            assertThat(turn.stats.drops("tls-failed")).as("the TURN connection's failure is counted").isPositive();
            assertStillServes(turn, certificate);
        }
    }

    @Test
    void aSlowlorisThatNeverFinishesTheHandshakeOrItsFirstMessageIsClosed() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        try (TurnFixture turn = new TurnFixture(Map.of("turn.limits.tcp-idle-without-allocation", "1s",
                "turn.sweep-interval", "200ms"), TurnTls.fromPem(0, certificate.certificate, certificate.privateKey,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)));
             Socket halfHello = new Socket("127.0.0.1", turn.server.tlsPort());
             Socket nothing = new Socket("127.0.0.1", turn.server.tlsPort());
             SSLSocket handshakeOnly = certificate.connect(turn.server.tlsPort());
             SSLSocket halfStun = certificate.connect(turn.server.tlsPort())) {
            halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00});
            halfStun.getOutputStream().write(new byte[] {0x00, 0x03, 0x00}); // undecided: STUN or not?
            halfStun.getOutputStream().flush();
            for (Socket s : new Socket[] {halfHello, nothing, handshakeOnly, halfStun}) {
                assertClosedByServer(s);
            }
            await().atMost(CLOSED_WITHIN).until(() -> turn.server.tcpConnectionCount() == 0);
            assertThat(turn.stats.drops("tcp-idle")).isEqualTo(4);
        }
    }

    @Test
    void anHttpClientVanishingMidRequestClosesBothEnds() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        String start = "POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\nabc";
        try (ServerSocket http = loopbackListener();
             TurnFixture turn = tlsServer(certificate, (InetSocketAddress) http.getLocalSocketAddress())) {
            Socket raw = new Socket("127.0.0.1", turn.server.tlsPort());
            SSLSocket tls = (SSLSocket) certificate.clientContext().getSocketFactory()
                    .createSocket(raw, "127.0.0.1", raw.getPort(), true);
            tls.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            Backend backend = Backend.accept(http, start.length());
            raw.setSoLinger(true, 0);
            raw.close(); // reset: no close_notify, no FIN
            assertThat(backend.endSeen()).as("the HTTP side sees the request end where the client vanished").isTrue();
            await().atMost(CLOSED_WITHIN).until(() -> turn.server.tcpConnectionCount() == 0);
        }
    }

    @Test
    void anHttpListenerClosingMidResponseEndsTheClientsConnection() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        try (ServerSocket http = loopbackListener();
             TurnFixture turn = tlsServer(certificate, (InetSocketAddress) http.getLocalSocketAddress());
             SSLSocket client = certificate.connect(turn.server.tlsPort())) {
            CompletableFuture.runAsync(() -> {
                try (Socket backend = http.accept()) {
                    backend.getInputStream().read(new byte[100]);
                    backend.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 9999\r\n\r\npart"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            client.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .endsWith("\r\n\r\npart");
            await().atMost(CLOSED_WITHIN).until(() -> turn.server.tcpConnectionCount() == 0);
        }
    }

    @Test
    void anHttpListenerThatIsGoneClosesTheClientAndIsCounted() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        InetSocketAddress gone;
        try (ServerSocket closedAgain = loopbackListener()) {
            gone = (InetSocketAddress) closedAgain.getLocalSocketAddress();
        }
        try (TurnFixture turn = tlsServer(certificate, gone);
             SSLSocket client = certificate.connect(turn.server.tlsPort())) {
            client.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedByServer(client);
            await().atMost(CLOSED_WITHIN).until(() -> turn.server.tcpConnectionCount() == 0);
            assertStillServes(turn, certificate);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        try (TurnFixture turn = new TurnFixture(Map.of("turn.limits.max-tcp-connections", 2),
                TurnTls.fromPem(0, certificate.certificate, certificate.privateKey, null));
             SSLSocket first = certificate.connect(turn.server.tlsPort());
             SSLSocket second = certificate.connect(turn.server.tlsPort());
             Socket third = new Socket("127.0.0.1", turn.server.tlsPort())) {
            assertClosedByServer(third);
            await().atMost(CLOSED_WITHIN).until(() -> turn.stats.drops("tcp-connection-limit") == 1);
            try (TestTurnClient c = new TestTurnClient(first, turn.secret, "cam:limit", 300)) {
                assertThat(TestTurnClient.errorCode(c.allocate())).as("held connections keep working").isZero();
            }
        }
    }

    /** One connection accepted by the test's HTTP listener, after it received its first {@code expected} bytes. */
    private record Backend(Socket socket) {
        static Backend accept(ServerSocket http, int expected) throws IOException {
            http.setSoTimeout((int) CLOSED_WITHIN.toMillis());
            Socket socket = http.accept();
            socket.setSoTimeout((int) CLOSED_WITHIN.toMillis());
            socket.getInputStream().readNBytes(expected);
            return new Backend(socket);
        }

        /** True when the pipe ended this side (EOF or reset) within the bound; the socket is closed after. */
        boolean endSeen() throws IOException {
            try (socket) {
                return socket.getInputStream().read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    private TurnFixture tlsServer(TestCertificate certificate, InetSocketAddress httpBackend) throws Exception {
        return new TurnFixture(Map.of(), TurnTls.fromPem(0, certificate.certificate, certificate.privateKey,
                httpBackend));
    }

    private static ServerSocket loopbackListener() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** The server ends the connection (EOF or reset) within the bound, whatever the client still sends. */
    private static void assertClosedByServer(Socket s) throws Exception {
        s.setSoTimeout((int) CLOSED_WITHIN.toMillis());
        InputStream in = s.getInputStream();
        try {
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // drain whatever the server said before closing (a TLS alert, say)
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + CLOSED_WITHIN, e);
        } catch (IOException closed) {
            // reset, or the TLS layer refusing what it read: closed either way
        }
    }

    private static void assertStillServes(TurnFixture turn, TestCertificate certificate) throws Exception {
        try (TestTurnClient c = new TestTurnClient(certificate.connect(turn.server.tlsPort()), turn.secret, "cam:ok",
                300)) {
            assertThat(TestTurnClient.errorCode(c.allocate())).isZero();
        }
    }
}
