package io.storagesession.turn;

import static io.storagesession.turn.TestTurnClient.attr;
import static io.storagesession.turn.TestTurnClient.xorAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TURN over TLS (RFC 8656 §3.1) and the port it shares with HTTPS, driven by the JDK's own TLS client verifying the
 * server's certificate: Allocate and relaying over TLS, a ClientHello on the plain TCP port (as the KVS C SDK sends to
 * {@code turn:…?transport=tcp}), and HTTP on the shared port piped to an HTTP listener byte for byte, both ways, with
 * half-close and backpressure.
 */
class TurnTlsTest {
    @TempDir
    Path dir;

    private TurnFixture tlsServer(InetSocketAddress httpBackend, TestCertificate certificate) throws Exception {
        return new TurnFixture(Map.of(), TurnTls.fromPem(0, certificate.certificate, certificate.privateKey,
                httpBackend));
    }

    @Test
    void allocatesAndRelaysBothWaysOverTlsIncludingDatagramsLargerThanATlsRecord() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        try (TurnFixture turn = tlsServer(null, certificate);
             SSLSocket tls = certificate.connect(turn.server.tlsPort());
             TestTurnClient c = new TestTurnClient(tls, turn.secret, "cam:tls", 300);
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(turn.server.tlsPort()).isPositive().isNotEqualTo(turn.port());
            byte[] allocated = c.allocate();
            assertThat(TestTurnClient.errorCode(allocated)).isZero();
            assertThat(TestTurnClient.address(allocated, Stun.ATTR_XOR_MAPPED_ADDRESS))
                    .isEqualTo(tls.getLocalSocketAddress());
            InetSocketAddress relay = TestTurnClient.address(allocated, 0x0016);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            assertThat(TestTurnClient.errorCode(c.request(Stun.CREATE_PERMISSION,
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress))))).isZero();

            c.send(c.message(Stun.type(Stun.SEND, Stun.CLASS_INDICATION), false,
                    attr(Stun.ATTR_XOR_PEER_ADDRESS, xorAddress(peerAddress)), attr(Stun.ATTR_DATA, "up".getBytes())));
            peer.setSoTimeout(2000);
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            peer.receive(p);
            assertThat(new String(p.getData(), 0, p.getLength())).isEqualTo("up");

            // 20 000 bytes: the Data indication spans two TLS records and must arrive whole, framing intact
            byte[] large = new byte[20_000];
            new Random(7).nextBytes(large);
            peer.send(new DatagramPacket(large, large.length, relay));
            peer.send(new DatagramPacket("after".getBytes(), 5, relay));
            byte[] indication = c.receive();
            assertThat(Stun.method(Stun.u16(indication, 0))).isEqualTo(Stun.DATA);
            int at = Stun.find(indication, indication.length, Stun.ATTR_DATA);
            assertThat(Arrays.copyOfRange(indication, at + 4, at + 4 + Stun.u16(indication, at + 2))).isEqualTo(large);
            assertThat(TestTurnClient.string(c.receive(), Stun.ATTR_DATA)).isEqualTo("after");
        }
    }

    @Test
    void thePlainTcpPortRunsTlsForAClientHelloAndStillSpeaksPlainStun() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        try (TurnFixture turn = tlsServer(null, certificate)) {
            try (TestTurnClient overTls = new TestTurnClient(certificate.connect(turn.port()), turn.secret, "cam:a", 300)) {
                assertThat(TestTurnClient.errorCode(overTls.allocate())).as("TLS on the plain port").isZero();
            }
            try (TestTurnClient plain = new TestTurnClient(new Socket("127.0.0.1", turn.port()), turn.secret, "cam:b",
                    300)) {
                assertThat(TestTurnClient.errorCode(plain.allocate())).as("plain STUN on the same port").isZero();
            }
        }
    }

    @Test
    void stunOnTheSharedPortIsTurnAndNeverReachesTheHttpListener() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        try (ServerSocket http = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             TurnFixture turn = tlsServer((InetSocketAddress) http.getLocalSocketAddress(), certificate);
             TestTurnClient c = new TestTurnClient(certificate.connect(turn.server.tlsPort()), turn.secret, "cam:c",
                     300)) {
            assertThat(TestTurnClient.errorCode(c.allocate())).isZero();
            http.setSoTimeout(300);
            try (Socket unexpected = http.accept()) {
                throw new AssertionError("the HTTP listener got a connection from " + unexpected);
            } catch (java.net.SocketTimeoutException expected) {
                assertThat(turn.server.allocationCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void httpOnTheSharedPortIsPipedByteForByteWithHalfCloseAndBackpressure() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        byte[] request = ("POST /upload HTTP/1.1\r\nHost: localhost:443\r\nContent-Length: 300000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);
        byte[] response = new byte[1_500_000];
        new Random(2).nextBytes(response);
        try (ServerSocket http = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             TurnFixture turn = tlsServer((InetSocketAddress) http.getLocalSocketAddress(), certificate)) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket backend = http.accept()) {
                    byte[] all = backend.getInputStream().readAllBytes(); // to EOF: the client's half-close
                    OutputStream out = backend.getOutputStream();
                    out.write(response);
                    out.flush();
                    return all;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket client = certificate.connect(turn.server.tlsPort())) {
                OutputStream out = client.getOutputStream();
                out.write(request);
                out.write(body);
                out.flush();
                // read nothing for a while: the 1.5 MB response must wait in bounded buffers, not fail
                Thread.sleep(300);
                client.shutdownOutput();
                byte[] got = readAll(client.getInputStream());
                assertThat(got).as("the response, whole, then EOF").isEqualTo(response);
            }
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(request);
            expected.writeBytes(body);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(expected.toByteArray());
            await().atMost(Duration.ofSeconds(3)).until(() -> turn.server.tcpConnectionCount() == 0);
        }
    }

    @Test
    void aPipedConnectionCarriesAConversationLikeAWebSocket() throws Exception {
        TestCertificate certificate = new TestCertificate(dir);
        try (ServerSocket http = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             TurnFixture turn = tlsServer((InetSocketAddress) http.getLocalSocketAddress(), certificate)) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (Socket backend = http.accept()) {
                    DataInputStream in = new DataInputStream(backend.getInputStream());
                    byte[] upgrade = new byte["GET / HTTP/1.1\r\n\r\n".length()];
                    in.readFully(upgrade);
                    backend.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes());
                    byte[] message = new byte[16];
                    for (int i = 0; i < 100; i++) {
                        in.readFully(message);
                        backend.getOutputStream().write(message);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket client = certificate.connect(turn.server.tlsPort())) {
                client.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] switching = new byte["HTTP/1.1 101 Switching Protocols\r\n\r\n".length()];
                in.readFully(switching);
                assertThat(new String(switching)).startsWith("HTTP/1.1 101");
                for (int i = 0; i < 100; i++) {
                    byte[] message = String.format("message %08d", i).getBytes();
                    client.getOutputStream().write(message);
                    byte[] back = new byte[16];
                    in.readFully(back);
                    assertThat(back).isEqualTo(message);
                }
                echo.get(10, TimeUnit.SECONDS);
                assertThat(in.read()).as("the backend's close reaches the client").isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> turn.server.tcpConnectionCount() == 0);
        }
    }

    private static byte[] readAll(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            all.write(chunk, 0, n);
        }
        return all.toByteArray();
    }
}
